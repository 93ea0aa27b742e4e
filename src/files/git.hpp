// Asking git which files it would list (src/files/ internal).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fanout::files {

/// Which repository git is pointed at. `isolated` drops the GIT_DIR family a
/// hook exports, so git describes the folder being walked; `inherited` keeps
/// it, for --staged inside a hook, where GIT_INDEX_FILE names the index that
/// `git commit -a` or `git commit PATH` is about to commit.
enum class GitEnv { isolated, inherited };

/// Runs `git <args...>` (argument vector, no shell) and returns its stdout when
/// it exits with status 0; nullopt when git is missing or the command fails.
/// `status` receives the exit status (-1 when git could not be started).
std::optional<std::string> run_git(const std::vector<std::string>& args, int* status = nullptr,
                                   GitEnv scope = GitEnv::isolated);

/// False once an attempt to start git failed because it is not installed.
bool git_available();

}  // namespace fanout::files
