// Runs git with posix_spawnp and an argument vector: never a shell, so paths
// with spaces, quotes or newlines reach git unchanged.
#include "files/git.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string_view>

extern char** environ;

namespace fanout::files {
namespace {

std::atomic<bool> g_git_missing{false};

// Variables a git hook exports (GIT_DIR=.git and friends) point at the repo
// the hook runs in, relative to its directory; passed on, they would make git
// describe that repo instead of the folder we walk.
bool repo_pinning(std::string_view entry) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "GIT_DIR=",           "GIT_WORK_TREE=",        "GIT_INDEX_FILE=",
      "GIT_COMMON_DIR=",    "GIT_PREFIX=",           "GIT_OBJECT_DIRECTORY=",
      "GIT_NAMESPACE=",     "GIT_ALTERNATE_OBJECT_DIRECTORIES="};
  for (auto name : kNames) {
    if (entry.starts_with(name)) return true;
  }
  return false;
}

std::vector<char*> child_environment(GitEnv scope) {
  std::vector<char*> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (scope == GitEnv::inherited || !repo_pinning(*e)) env.push_back(*e);
  }
  env.push_back(nullptr);
  return env;
}

struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

// Both ends close on exec, so a git started by another thread cannot hold
// this pipe open. macOS has no pipe2: there a git spawned between the two
// calls may inherit the ends, which only delays this read until it exits.
bool cloexec_pipe(int fds[2]) {
#if defined(__APPLE__)
  if (pipe(fds) != 0) return false;
  for (int i = 0; i < 2; ++i) fcntl(fds[i], F_SETFD, FD_CLOEXEC);
  return true;
#else
  return pipe2(fds, O_CLOEXEC) == 0;
#endif
}

}  // namespace

bool git_available() { return !g_git_missing.load(); }

std::optional<std::string> run_git(const std::vector<std::string>& args, int* status, GitEnv scope) {
  if (status != nullptr) *status = -1;
  if (g_git_missing.load()) return std::nullopt;

  std::vector<char*> argv;
  argv.reserve(args.size() + 4);
  argv.push_back(const_cast<char*>("git"));
  // A scanned repository's config may name an fsmonitor hook, which git runs
  // as a shell command; every git call (not just ls-files) must switch it off.
  argv.push_back(const_cast<char*>("-c"));
  argv.push_back(const_cast<char*>("core.fsmonitor=false"));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  int fds[2];
  if (!cloexec_pipe(fds)) return std::nullopt;
  FileActions fa;
  posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa.actions, fds[1], 1);
  // git's own complaints ("not a git repository") are expected answers here.
  posix_spawn_file_actions_addopen(&fa.actions, 2, "/dev/null", O_WRONLY, 0);

  auto env = child_environment(scope);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa.actions, nullptr, argv.data(), env.data());
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    if (rc == ENOENT) g_git_missing.store(true);
    return std::nullopt;
  }

  std::string out;
  std::array<char, 65536> buf;
  for (;;) {
    ssize_t n = read(fds[0], buf.data(), buf.size());
    if (n > 0) {
      out.append(buf.data(), static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);

  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  // glibc's posix_spawnp reports a missing program as exit status 127.
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) g_git_missing.store(true);
  int code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  if (status != nullptr) *status = code;
  if (code != 0) return std::nullopt;
  return out;
}

}  // namespace fanout::files
