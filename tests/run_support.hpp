// Running the built fanout binary from tests with a watchdog: the reliability
// suites (hostile_test, fix_safety_test) must see a hang or a crash as a test
// failure, never as a hung ctest.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fanout::testing {

/// How one run of the binary ended.
struct RunOutcome {
  int exit_code = -1;          ///< -1 when killed by a signal or the watchdog
  int signal = 0;              ///< the signal that ended it, if any
  bool timed_out = false;      ///< the watchdog killed it
  long peak_rss_kb = 0;        ///< from wait4()'s rusage
  double cpu_seconds = 0;      ///< user + system time, from the same rusage
  double seconds = 0;
  std::string out;
  std::string err;
};

struct RunOptions {
  std::filesystem::path cwd;
  std::chrono::milliseconds timeout{20000};
  /// Run as this uid/gid (root dropping privileges, for unreadable files).
  std::optional<std::pair<unsigned, unsigned>> as_user;
  /// Sends SIGKILL after this long (the run then counts as killed, not timed out).
  std::optional<std::chrono::microseconds> kill_after;
  std::vector<std::string> extra_env;  ///< NAME=value, added to the environment
  std::optional<std::string> input;    ///< standard input (default: /dev/null)
  /// RLIMIT_FSIZE for the run (SIGXFSZ ignored): writes beyond it fail as on a full disk.
  std::optional<unsigned long> file_size_limit;
};

/// Runs FANOUT_BINARY with `args`; stdout and stderr go through files, so a
/// large output cannot dead-lock the pipe. With `as_user`, a copy of the
/// binary in a folder everyone can enter runs instead: the checkout may sit
/// under a folder that user cannot reach (a clone in /root, mode 700).
RunOutcome run_fanout(const std::vector<std::string>& args, const RunOptions& options);

/// A fresh folder under the temp dir, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "fanout-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& relative, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);

}  // namespace fanout::testing
