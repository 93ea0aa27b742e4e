#include "run_support.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace fanout::testing {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests make folders read-only; give the owner its rights back to clean up.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& relative, const std::string& bytes) const {
  const fs::path p = path_ / relative;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

namespace {

// The binary copied once per test process into a mode-755 folder under /tmp.
const std::string& binary_everyone_can_run() {
  static const std::string copy = [] {
    std::string folder = (fs::temp_directory_path() / "fanout-binary-XXXXXX").string();
    if (::mkdtemp(folder.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    const fs::path binary = fs::path(folder) / "fanout";
    fs::copy_file(FANOUT_BINARY, binary);
    fs::permissions(binary, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    // Removed when the test process ends.
    static struct Remove {
      fs::path folder;
      ~Remove() {
        std::error_code ec;
        fs::remove_all(folder, ec);
      }
    } remove{folder};
    return binary.string();
  }();
  return copy;
}

}  // namespace

RunOutcome run_fanout(const std::vector<std::string>& args, const RunOptions& options) {
  RunOutcome outcome;
  // Output files live beside the run, never inside the folder being scanned.
  char out_name[] = "/tmp/fanout-run-out-XXXXXX";
  char err_name[] = "/tmp/fanout-run-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
  char in_name[] = "/tmp/fanout-run-in-XXXXXX";
  int in_fd = -1;
  if (options.input) {
    in_fd = ::mkstemp(in_name);
    if (in_fd < 0) throw std::runtime_error("mkstemp failed");
    std::ofstream(in_name, std::ios::binary) << *options.input;
  }

  std::vector<std::string> argv_storage{options.as_user ? binary_everyone_can_run() : std::string(FANOUT_BINARY)};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
  env_storage.insert(env_storage.end(), options.extra_env.begin(), options.extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string cwd = options.cwd.string();

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    const int null_fd = in_fd >= 0 ? in_fd : ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(120);
    if (options.file_size_limit) {
      const rlimit limit{.rlim_cur = *options.file_size_limit, .rlim_max = *options.file_size_limit};
      ::signal(SIGXFSZ, SIG_IGN);  // kept across exec: writes fail with EFBIG instead
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(123);
    }
    if (options.as_user) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(options.as_user->second) != 0 ||
          ::setuid(options.as_user->first) != 0) {
        ::_exit(121);
      }
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(122);
  }

  int status = 0;
  struct rusage usage {};
  bool killed = false;
  for (;;) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (!killed && options.kill_after && elapsed >= *options.kill_after) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    if (!killed && elapsed >= options.timeout) {
      ::kill(pid, SIGKILL);
      killed = true;
      outcome.timed_out = true;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(killed ? 1000 : 200));
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.peak_rss_kb = usage.ru_maxrss;
  outcome.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  ::close(out_fd);
  ::close(err_fd);
  outcome.out = read_file(out_name);
  outcome.err = read_file(err_name);
  ::unlink(out_name);
  ::unlink(err_name);
  if (in_fd >= 0) {
    ::close(in_fd);
    ::unlink(in_name);
  }
  return outcome;
}

}  // namespace fanout::testing
