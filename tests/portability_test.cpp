// What the release binary meets on other machines: no git installed (minimal
// containers, CI images), and a hook that must name the binary that wrote it
// on every system (src/cli/executable_path.cpp). scripts/test-release.sh runs
// the static binaries on minimal Debian roots for the rest.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Shell {
  int status = -1;
  std::string out;
  std::string err;
};

/// Runs `command` in `dir` with PATH set to `path` (a folder without git, or the usual one).
Shell run_in(const fs::path& dir, const std::string& command, const std::string& path) {
  const std::string out = (dir.parent_path() / (dir.filename().string() + ".out")).string();
  const std::string err = (dir.parent_path() / (dir.filename().string() + ".err")).string();
  const int raw = std::system(fmt::format("cd {} && PATH={} {} >{} 2>{}", quote(dir.string()), quote(path), command,
                                          quote(out), quote(err))
                                  .c_str());
  Shell shell{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, .out = read_file(out), .err = read_file(err)};
  fs::remove(out);
  fs::remove(err);
  return shell;
}

bool has_git() { return std::system("git --version >/dev/null 2>&1") == 0; }

const char* kNoGitNote = "git is not installed, so folders were walked without .gitignore rules";

// A repository whose .gitignore hides a fan-out.
class IgnoredFanOut : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!has_git()) GTEST_SKIP() << "git is not installed";
    tree.write(".gitignore", "generated.js\n");
    tree.write("generated.js", kFanout);
    tree.write("main.js", "export const ok = 1;\n");
    ASSERT_EQ(run_in(tree.path(), "git init -q .", std::getenv("PATH")).status, 0);
  }
  TempDir tree{"fanout-portability"};
  const std::string fanout = quote(FANOUT_BINARY);
};

TEST_F(IgnoredFanOut, WithGitTheIgnoredFileIsSkippedQuietly) {
  const Shell run = run_in(tree.path(), fanout + " check --format compact .", std::getenv("PATH"));
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_EQ(run.err.find("git is not installed"), std::string::npos) << run.err;
}

TEST_F(IgnoredFanOut, WithoutGitTheFolderIsWalkedInFullWithANote) {
  const Shell run = run_in(tree.path(), fanout + " check --format compact .", "/nonexistent-no-git");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("generated.js:2:9: error:"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find(kNoGitNote), std::string::npos) << run.err;
}

// Hooks pass file names: no walk, so nothing to say about git.
TEST_F(IgnoredFanOut, WithoutGitNamedFilesGetNoNote) {
  const Shell run = run_in(tree.path(), fanout + " check --format compact generated.js", "/nonexistent-no-git");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_EQ(run.err, "");
}

// The hook names this binary by its real path, whatever the platform's way of
// finding it (/proc/self/exe on Linux, _NSGetExecutablePath on macOS).
TEST_F(IgnoredFanOut, InstallHookNamesTheRunningBinary) {
  const fs::path link = tree.path() / "bin" / "fanout-link";
  fs::create_directories(link.parent_path());
  fs::create_symlink(FANOUT_BINARY, link);
  const Shell run = run_in(tree.path(), quote(link.string()) + " install-hook", std::getenv("PATH"));
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  const std::string hook = read_file(tree.path() / ".git/hooks/pre-commit");
  EXPECT_NE(hook.find("fanout=" + quote(fs::canonical(FANOUT_BINARY).string()) + "\n"), std::string::npos) << hook;
}

}  // namespace
}  // namespace fanout
