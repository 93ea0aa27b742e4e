// Runs git with posix_spawnp and an argument vector: never a shell, so paths
// with spaces, quotes or newlines reach git unchanged; and never anything a
// scanned repository configures git to run (git.hpp says what is switched off).
#include "files/git.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include <fmt/format.h>

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

// GIT_CONFIG_COUNT and its KEY_n / VALUE_n pairs are rewritten: the caller's
// pairs first, then ours.
bool config_pair(std::string_view entry) {
  return entry.starts_with("GIT_CONFIG_COUNT=") || entry.starts_with("GIT_CONFIG_KEY_") ||
         entry.starts_with("GIT_CONFIG_VALUE_");
}

std::string_view env_value(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  return value == nullptr ? std::string_view() : std::string_view(value);
}

// The folder `git -C DIR` runs in, "" for the working directory; and where
// the subcommand starts.
std::pair<std::string, std::size_t> folder_and_command(const std::vector<std::string>& args) {
  std::string folder;
  std::size_t i = 0;
  while (i < args.size() && args[i].starts_with('-')) {
    if ((args[i] == "-C" || args[i] == "-c") && i + 1 < args.size()) {
      if (args[i] == "-C") folder = args[i + 1];
      i += 2;
    } else {
      ++i;
    }
  }
  return {folder, i};
}

bool has_arg(const std::vector<std::string>& args, std::size_t from, std::string_view wanted) {
  for (std::size_t i = from; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == wanted) return true;
  }
  return false;
}

// Commands that never read a work-tree file's content, so no filter can run:
// they skip listing the filter drivers (one git process fewer on the hook
// path). Anything else, `git diff` against the work tree above all, gets
// every driver blanked.
bool reads_no_work_tree(const std::vector<std::string>& args) {
  const auto [folder, at] = folder_and_command(args);
  if (at >= args.size()) return true;
  const std::string_view command = args[at];
  if (command == "rev-parse" || command == "ls-files" || command == "check-ignore" || command == "merge-base" ||
      command == "config" || command == "version") {
    return true;
  }
  if (command == "cat-file") return !has_arg(args, at, "--filters") && !has_arg(args, at, "--textconv");
  if (command == "diff") return has_arg(args, at, "--cached") || has_arg(args, at, "--staged");
  return false;
}

struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

const std::string kNoInput;

}  // namespace

struct Pipe {
  int fds[2] = {-1, -1};
  // Both ends close on exec, so a git started by another thread cannot hold
  // this pipe open. macOS has no pipe2: there a git spawned between the two
  // calls may inherit the ends, which only delays a read until it exits.
  bool open() {
#if defined(__APPLE__)
    if (pipe(fds) != 0) return false;
    for (int i = 0; i < 2; ++i) fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    return true;
#else
    return pipe2(fds, O_CLOEXEC) == 0;
#endif
  }
  void close_end(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
};

namespace {

// Reads stdout and stderr and writes stdin together, so that no pipe fills
// up while git waits on another.
void exchange(Pipe& out_pipe, Pipe* err_pipe, Pipe* in_pipe, const std::string* input, std::string& out,
              std::string* err, const std::function<void(std::string&)>& stream) {
  std::size_t written = 0;
  if (in_pipe != nullptr) fcntl(in_pipe->fds[1], F_SETFL, fcntl(in_pipe->fds[1], F_GETFL) | O_NONBLOCK);
  std::array<char, 65536> buf;
  for (;;) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    int out_at = -1, err_at = -1, in_at = -1;
    if (out_pipe.fds[0] >= 0) fds[out_at = static_cast<int>(n++)] = {out_pipe.fds[0], POLLIN, 0};
    if (err_pipe != nullptr && err_pipe->fds[0] >= 0) fds[err_at = static_cast<int>(n++)] = {err_pipe->fds[0], POLLIN, 0};
    if (in_pipe != nullptr && in_pipe->fds[1] >= 0) fds[in_at = static_cast<int>(n++)] = {in_pipe->fds[1], POLLOUT, 0};
    if (n == 0) return;
    if (poll(fds.data(), n, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    const auto drain = [&](int at, Pipe& pipe, std::string* into) {
      if (at < 0 || fds[at].revents == 0) return;
      const ssize_t got = ::read(pipe.fds[0], buf.data(), buf.size());
      if (got > 0) {
        if (into != nullptr) into->append(buf.data(), static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        pipe.close_end(0);
      }
    };
    drain(out_at, out_pipe, &out);
    if (stream && out_at >= 0 && fds[out_at].revents != 0) stream(out);
    if (err_pipe != nullptr) drain(err_at, *err_pipe, err);
    if (in_at >= 0 && fds[in_at].revents != 0) {
      if ((fds[in_at].revents & (POLLERR | POLLHUP)) != 0 || written >= input->size()) {
        in_pipe->close_end(1);
      } else {
        const ssize_t put = ::write(in_pipe->fds[1], input->data() + written, input->size() - written);
        if (put > 0) written += static_cast<std::size_t>(put);
        if ((put < 0 && errno != EAGAIN && errno != EINTR) || written >= input->size()) in_pipe->close_end(1);
      }
    }
  }
}

// Filter driver names by (folder, scope): one `git config` per repository and run.
std::mutex g_filters_mutex;
std::map<std::pair<std::string, GitEnv>, std::set<std::string>> g_filters;

std::set<std::string> filter_drivers(const std::string& folder, const GitCall& call) {
  const std::lock_guard lock(g_filters_mutex);
  const auto key = std::pair{folder, call.scope};
  if (const auto it = g_filters.find(key); it != g_filters.end()) return it->second;
  std::vector<std::string> args;
  if (!folder.empty()) args = {"-C", folder};
  args.insert(args.end(), {"config", "-z", "--name-only", "--get-regexp", "^filter\\."});
  std::set<std::string> names;
  if (const auto listed = run_git(args, GitCall{.scope = call.scope})) {
    std::string_view rest = *listed;
    while (!rest.empty()) {
      const auto end = rest.find('\0');
      const std::string_view entry = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      // `filter.<driver>.<key>`: the driver name may hold dots and `=`.
      const auto last = entry.rfind('.');
      if (entry.starts_with("filter.") && last != std::string_view::npos && last > 7) {
        names.emplace(entry.substr(7, last - 7));
      }
    }
  }
  g_filters.emplace(key, names);
  return names;
}

}  // namespace

bool git_available() { return !g_git_missing.load(); }

std::vector<std::pair<std::string, std::string>> neutralising_config(const std::vector<std::string>& args,
                                                                      const GitCall& call) {
  std::vector<std::pair<std::string, std::string>> config;
  if (reads_no_work_tree(args)) return config;
  for (const std::string& name : filter_drivers(folder_and_command(args).first, call)) {
    for (const char* key : {"clean", "smudge", "process"}) config.emplace_back(fmt::format("filter.{}.{}", name, key), "");
    // A required filter that cannot run would fail the command instead.
    config.emplace_back(fmt::format("filter.{}.required", name), "false");
  }
  return config;
}

std::optional<std::string> run_git(const std::vector<std::string>& args, int* status, GitEnv scope) {
  return run_git(args, GitCall{.scope = scope}, status);
}

std::optional<std::string> run_git(const std::vector<std::string>& args, const GitCall& call, int* status) {
  GitProcess process(args, call, call.input != nullptr);
  return process.finish(call.input, status);
}

GitProcess::GitProcess(const std::vector<std::string>& args, GitCall call, bool piped_input)
    : call_(std::move(call)), out_(std::make_unique<Pipe>()), err_(std::make_unique<Pipe>()),
      in_(std::make_unique<Pipe>()) {
  if (g_git_missing.load()) return;

  // `-c` settings come last in git's order, so these win over any other
  // command-line configuration; a path that exists nowhere holds no hook.
  std::vector<std::string> head = {"git", "--no-pager", "-c", "core.fsmonitor=false", "-c", "gc.auto=0",
                                   "-c", "maintenance.auto=false"};
  if (!call_.keep_hooks_path) head.insert(head.end(), {"-c", "core.hooksPath=/dev/null/fanout-no-hooks"});
  std::vector<char*> argv;
  argv.reserve(head.size() + args.size() + 1);
  for (auto& a : head) argv.push_back(a.data());
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // Filter drivers travel in GIT_CONFIG_KEY_n / VALUE_n: `-c` would split a
  // driver named `a=b` at its first `=` and leave it working.
  std::vector<std::string> storage;
  std::size_t count = 0;
  if (const std::string_view inherited = env_value("GIT_CONFIG_COUNT"); !inherited.empty()) {
    std::from_chars(inherited.data(), inherited.data() + inherited.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
      storage.push_back(fmt::format("GIT_CONFIG_KEY_{}={}", i, env_value(fmt::format("GIT_CONFIG_KEY_{}", i))));
      storage.push_back(fmt::format("GIT_CONFIG_VALUE_{}={}", i, env_value(fmt::format("GIT_CONFIG_VALUE_{}", i))));
    }
  }
  for (const auto& [key, value] : neutralising_config(args, call_)) {
    storage.push_back(fmt::format("GIT_CONFIG_KEY_{}={}", count, key));
    storage.push_back(fmt::format("GIT_CONFIG_VALUE_{}={}", count, value));
    ++count;
  }
  if (count > 0) storage.push_back(fmt::format("GIT_CONFIG_COUNT={}", count));
  // Messages are parsed (walker.cpp): git's own words, not a translation.
  if (call_.err != nullptr) storage.insert(storage.end(), {"LC_ALL=C", "LANGUAGE="});
  std::vector<char*> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry = *e;
    if (config_pair(entry)) continue;
    if (call_.err != nullptr && (entry.starts_with("LC_ALL=") || entry.starts_with("LANGUAGE="))) continue;
    if (call_.scope == GitEnv::isolated && repo_pinning(entry)) continue;
    env.push_back(*e);
  }
  for (auto& entry : storage) env.push_back(entry.data());
  env.push_back(nullptr);

  if (!out_->open() || (call_.err != nullptr && !err_->open()) || (piped_input && !in_->open())) return;
  FileActions fa;
  if (piped_input) {
    posix_spawn_file_actions_adddup2(&fa.actions, in_->fds[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&fa.actions, out_->fds[1], 1);
  // git's own complaints ("not a git repository") are expected answers here.
  if (call_.err != nullptr) {
    posix_spawn_file_actions_adddup2(&fa.actions, err_->fds[1], 2);
  } else {
    posix_spawn_file_actions_addopen(&fa.actions, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "git", &fa.actions, nullptr, argv.data(), env.data());
  out_->close_end(1);
  err_->close_end(1);
  in_->close_end(0);
  if (rc != 0) {
    if (rc == ENOENT) g_git_missing.store(true);
    return;
  }
  pid_ = pid;
}

GitProcess::~GitProcess() {
  if (pid_ < 0) return;
  // Not finished: end its input and wait, so that no zombie is left.
  in_->close_end(1);
  out_->close_end(0);
  err_->close_end(0);
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
}

std::optional<std::string> GitProcess::finish(const std::string* input, int* status) {
  if (status != nullptr) *status = -1;
  if (pid_ < 0) return std::nullopt;
  const bool writes = input != nullptr && in_->fds[1] >= 0;
  std::string out;
  {
    // git exiting before it read all of stdin must not kill us with SIGPIPE:
    // blocked on this thread while writing, and a pending one consumed.
    sigset_t pipe_signal, previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    if (writes) pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    exchange(*out_, call_.err != nullptr ? err_.get() : nullptr, in_->fds[1] >= 0 ? in_.get() : nullptr,
             writes ? input : &kNoInput, out, call_.err, call_.stream);
    if (writes) {
      const timespec now{};
      while (sigtimedwait(&pipe_signal, nullptr, &now) == SIGPIPE) {
      }
      pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    }
  }
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  // glibc's posix_spawnp reports a missing program as exit status 127.
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) g_git_missing.store(true);
  const int code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  if (status != nullptr) *status = code;
  if (code != 0) return std::nullopt;
  return out;
}

}  // namespace fanout::files
