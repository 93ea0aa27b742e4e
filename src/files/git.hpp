// Asking git which files it would list (src/files/ internal).
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fanout::files {

/// Which repository git is pointed at. `isolated` drops the GIT_DIR family a
/// hook exports, so git describes the folder being walked; `inherited` keeps
/// it, for --staged inside a hook, where GIT_INDEX_FILE names the index that
/// `git commit -a` or `git commit PATH` is about to commit.
enum class GitEnv { isolated, inherited };

/// How one git command runs, beyond its arguments.
struct GitCall {
  GitEnv scope = GitEnv::isolated;
  /// install-hook asks where hooks live: core.hooksPath keeps its value
  /// (`rev-parse --git-path hooks` runs nothing either way).
  bool keep_hooks_path = false;
  std::string* err = nullptr;           ///< set: receives git's stderr (C locale); else discarded
  const std::string* input = nullptr;   ///< set: written to git's stdin; else /dev/null
  /// Set: called as stdout arrives, with everything not yet taken; it takes
  /// what it uses off the front (so a large output need not be held whole).
  std::function<void(std::string& pending)> stream;
};

/// Runs `git <args...>` (argument vector, no shell) and returns its stdout when
/// it exits with status 0; nullopt when git is missing or the command fails.
/// `status` receives the exit status (-1 when git could not be started).
///
/// Nothing a repository configures runs: hooks (core.hooksPath points at an
/// empty place), fsmonitor, the pager, automatic gc, and, for a command that
/// may read the work tree, every filter driver the configuration names,
/// whatever its name (passed through GIT_CONFIG_COUNT, which, unlike `-c`,
/// keeps a name with `=` intact). Diff commands add --no-ext-diff and
/// --no-textconv themselves.
std::optional<std::string> run_git(const std::vector<std::string>& args, int* status = nullptr,
                                   GitEnv scope = GitEnv::isolated);
std::optional<std::string> run_git(const std::vector<std::string>& args, const GitCall& call, int* status = nullptr);

struct Pipe;

/// A git command started now and finished later, as run_git runs it: so that
/// `git cat-file --batch` starts up while `git diff --cached` lists what it
/// will read. Destroyed unfinished, its input is closed and it is waited for.
class GitProcess {
 public:
  /// Starts `git <args...>`; with `piped_input`, its stdin stays open for finish().
  GitProcess(const std::vector<std::string>& args, GitCall call, bool piped_input);
  ~GitProcess();
  GitProcess(const GitProcess&) = delete;
  GitProcess& operator=(const GitProcess&) = delete;

  /// Writes `input` (when piped), reads its output and waits: run_git's result.
  std::optional<std::string> finish(const std::string* input, int* status = nullptr);

 private:
  GitCall call_;
  pid_t pid_ = -1;
  std::unique_ptr<Pipe> out_;
  std::unique_ptr<Pipe> err_;
  std::unique_ptr<Pipe> in_;
};

/// The configuration entries run_git passes to every git command, after the
/// filter drivers of the repository git runs in for `args` (exposed for tests).
std::vector<std::pair<std::string, std::string>> neutralising_config(const std::vector<std::string>& args,
                                                                      const GitCall& call);

/// False once an attempt to start git failed because it is not installed.
bool git_available();

}  // namespace fanout::files
