// Asking git which files it would list (src/files/ internal).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fanout::files {

/// Runs `git <args...>` (argument vector, no shell) and returns its stdout when
/// it exits with status 0; nullopt when git is missing or the command fails.
/// `status` receives the exit status (-1 when git could not be started).
std::optional<std::string> run_git(const std::vector<std::string>& args, int* status = nullptr);

/// False once an attempt to start git failed because it is not installed.
bool git_available();

}  // namespace fanout::files
