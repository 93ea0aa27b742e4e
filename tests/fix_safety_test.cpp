// `--fix` must never leave a file half-written: SIGKILLed at random points,
// every file is either its original or its complete fixed text, and the only
// leftovers are clearly named temporary files that later runs never check and
// remove (fuzz/README.md, "What a killed --fix leaves"). Read-only files and folders
// are refused with a clear error and exit 2, and stay untouched.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <string>

#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::RunOptions;
using testing::RunOutcome;
using testing::TempDir;
using testing::read_file;
using testing::run_fanout;

constexpr int kFiles = 200;

std::string original(int i) {
  // Padding makes each write take a little while, so kills land mid-run.
  std::string text = "// file " + std::to_string(i) + "\n";
  for (int k = 0; k < 40; ++k) text += "const pad" + std::to_string(k) + " = [1, 2, 3].map((n) => n + " + std::to_string(k) + ");\n";
  text += "async function f" + std::to_string(i) + "(xs) { return Promise.all(xs.map((x) => g(x))); }\n";
  text += "export async function h" + std::to_string(i) + "(ys) {\n  const r = await Promise.all(ys.map(async (y) => {\n    return load(y);\n  }));\n  return r;\n}\n";
  return text;
}

std::string name(int i) { return "src/m" + std::to_string(i / 50) + "/file" + std::to_string(i) + ".js"; }

void write_originals(const TempDir& dir) {
  for (int i = 0; i < kFiles; ++i) dir.write(name(i), original(i));
}

// What a file may be left as after a kill.
void expect_whole(const TempDir& dir, const std::vector<std::string>& fixed, const std::string& when) {
  for (int i = 0; i < kFiles; ++i) {
    const std::string now = read_file(dir.path() / name(i));
    EXPECT_TRUE(now == original(i) || now == fixed[i]) << when << ": " << name(i) << " is neither original nor fixed:\n"
                                                       << now;
  }
}

// Leftovers are only `.<name>.fanout-<pid>-<n>.tmp` beside the file they were for.
std::vector<fs::path> temporaries(const TempDir& dir) {
  static const std::regex kTemp(R"(\.file\d+\.js\.fanout-\d+-\d+\.tmp)");
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    if (std::regex_match(file, std::regex(R"(file\d+\.js)"))) continue;
    EXPECT_TRUE(std::regex_match(file, kTemp)) << "unexpected file left behind: " << entry.path();
    found.push_back(entry.path());
  }
  return found;
}

TEST(FixSafety, KilledAtRandomPointsLeavesWholeFiles) {
  // The reference: one run to the end, never killed.
  TempDir reference;
  write_originals(reference);
  const RunOutcome full = run_fanout({"check", "--fix", "-j", "2", "--format", "compact", "src"},
                                     RunOptions{.cwd = reference.path(), .timeout = 120s});
  ASSERT_FALSE(full.timed_out);
  ASSERT_EQ(full.signal, 0) << full.err;
  std::vector<std::string> fixed;
  for (int i = 0; i < kFiles; ++i) {
    fixed.push_back(read_file(reference.path() / name(i)));
    ASSERT_NE(fixed.back(), original(i)) << "the reference run fixed nothing in " << name(i) << "\n" << full.out << full.err;
  }
  EXPECT_TRUE(temporaries(reference).empty());

  std::mt19937 rng(42);
  const auto span = std::max<long>(2000, static_cast<long>(full.seconds * 1e6));
  std::size_t partial_runs = 0;
  for (int run = 0; run < 8; ++run) {
    TempDir dir;
    write_originals(dir);
    const auto kill_at = std::chrono::microseconds(rng() % span);
    const RunOutcome killed = run_fanout({"check", "--fix", "-j", "2", "--format", "compact", "src"},
                                         RunOptions{.cwd = dir.path(), .timeout = 120s, .kill_after = kill_at});
    ASSERT_FALSE(killed.timed_out);
    const std::string when = "killed after " + std::to_string(kill_at.count()) + " us";
    expect_whole(dir, fixed, when);

    std::size_t changed = 0;
    for (int i = 0; i < kFiles; ++i) changed += read_file(dir.path() / name(i)) == fixed[i];
    if (changed > 0 && changed < kFiles) ++partial_runs;

    // Whatever the kill left, a later run ignores the temporaries, finishes
    // the job and removes them: their process is gone.
    const std::vector<fs::path> left = temporaries(dir);
    const RunOutcome again = run_fanout({"check", "--fix", "--format", "compact", "src"},
                                        RunOptions{.cwd = dir.path(), .timeout = 120s});
    EXPECT_EQ(again.signal, 0) << when;
    EXPECT_EQ(again.exit_code, 0) << when << "\n" << again.out << again.err;
    EXPECT_EQ(again.out.find(".tmp"), std::string::npos) << when << ": a temporary file was checked\n" << again.out;
    for (int i = 0; i < kFiles; ++i) EXPECT_EQ(read_file(dir.path() / name(i)), fixed[i]) << when << ": " << name(i);
    for (const fs::path& temp : left) EXPECT_FALSE(fs::exists(temp)) << "a later run left " << temp;
  }
  // Not a guarantee on a loaded machine, but a suite that never kills mid-run tests nothing.
  if (partial_runs == 0) std::cerr << "note: no kill landed while files were being written\n";
}

class AsNobody : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to hand files to nobody";
  }
  static void give_to_nobody(const fs::path& path) { ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0) << path; }
  static RunOutcome fix_as_nobody(const fs::path& cwd, const std::string& target) {
    return run_fanout({"check", "--fix", "--format", "compact", target},
                      RunOptions{.cwd = cwd, .timeout = 30s, .as_user = std::pair{65534u, 65534u}});
  }
};

TEST_F(AsNobody, ReadOnlyFileIsRefused) {
  TempDir dir;
  give_to_nobody(dir.path());
  const fs::path file = dir.write("ro.js", original(1));
  give_to_nobody(file);
  fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const RunOutcome run = fix_as_nobody(dir.path(), "ro.js");
  EXPECT_EQ(run.signal, 0);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("ro.js"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("read-only"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(file), original(1));
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
}

TEST_F(AsNobody, ReadOnlyFolderIsRefused) {
  TempDir dir;
  const fs::path folder = dir.path() / "locked";
  const fs::path file = dir.write("locked/a.js", original(2));
  give_to_nobody(file);
  give_to_nobody(folder);
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read | fs::perms::others_exec);
  const RunOutcome run = fix_as_nobody(dir.path(), "locked");
  EXPECT_EQ(run.signal, 0);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("a.js"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("read-only"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(file), original(2));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++entries;
  EXPECT_EQ(entries, 1u) << "nothing may be left in the read-only folder";
}

}  // namespace
}  // namespace fanout
