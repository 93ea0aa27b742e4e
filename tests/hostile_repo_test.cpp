// Hostile repositories (issue 13): each test generates a repository that
// tries to hang fanout, exhaust the job, make it read outside the repository,
// run code, hide what it did not check, or make --fix write where it must
// not; fanout must end quickly with a clear error (exit 2) or do the safe
// thing. Everything is generated here; nothing hostile is committed.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "config/discovery.hpp"
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

constexpr const char* kFanout = "async function f(xs) { return Promise.all(xs.map((x) => g(x))); }\n";

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int sh(const fs::path& cwd, const std::string& command) {
  return std::system(fmt::format("cd {} && {}", quote(cwd.string()), command).c_str());
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// A git repository (own HOME, no global configuration) with a fan-out in src/a.js.
struct Repo {
  TempDir dir{"fanout-hostile"};
  fs::path root = dir.path() / "repo";

  Repo() {
    fs::create_directories(root / "src");
    fs::create_directories(dir.path() / "home");
    EXPECT_EQ(sh(root, "git init -q && git config user.email t@t && git config user.name t"), 0);
    write("src/a.js", kFanout);
  }
  fs::path write(const std::string& relative, const std::string& text) const {
    const fs::path file = root / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  RunOutcome fanout(std::vector<std::string> args, std::chrono::milliseconds timeout = 20s,
                    std::vector<std::string> env = {}) const {
    env.push_back("HOME=" + (dir.path() / "home").string());
    env.push_back("GIT_CONFIG_NOSYSTEM=1");
    return run_fanout(args, RunOptions{.cwd = root, .timeout = timeout, .extra_env = std::move(env)});
  }
};

// Ended on its own, quickly, with exit 2 and a message naming `file`.
void expect_refused(const RunOutcome& run, const std::string& file, std::string_view why, const std::string& what) {
  EXPECT_FALSE(run.timed_out) << what << ": hung";
  EXPECT_EQ(run.signal, 0) << what;
  EXPECT_EQ(run.exit_code, 2) << what << "\n" << run.out << run.err;
  EXPECT_TRUE(contains(run.err, file)) << what << "\n" << run.err;
  EXPECT_TRUE(contains(run.err, why)) << what << ": expected `" << why << "` in\n" << run.err;
  EXPECT_LT(run.peak_rss_kb, 256L * 1024) << what;
}

// --- files fanout reads for itself -------------------------------------------------

TEST(HostileRepo, ConfigBaselineCacheAndExtendsLinkedToDevices) {
  for (const char* device : {"/dev/zero", "/dev/urandom"}) {
    {
      Repo repo;
      fs::create_symlink(device, repo.root / "fanout.jsonc");
      expect_refused(repo.fanout({"check", "src"}, 10s), "fanout.jsonc", "outside", device);
    }
    {
      Repo repo;
      fs::create_symlink(device, repo.root / "fanout-suppressions.json");
      expect_refused(repo.fanout({"check", "src"}, 10s), "fanout-suppressions.json", "outside", device);
    }
    {
      Repo repo;
      fs::create_symlink(device, repo.root / ".fanoutcache");
      const RunOutcome run = repo.fanout({"check", "--cache", "src"}, 10s);
      expect_refused(run, ".fanoutcache", "outside", device);
      EXPECT_TRUE(contains(run.out, "a.js")) << "the files are still checked\n" << run.out;
    }
    {
      Repo repo;
      repo.write("fanout.jsonc", R"({ "extends": "./base.json" })");
      fs::create_symlink(device, repo.root / "base.json");
      expect_refused(repo.fanout({"check", "src"}, 10s), "base.json", "outside", device);
    }
  }
}

TEST(HostileRepo, ConfigFilesThatAreNotRegularFiles) {
  {
    Repo repo;
    ASSERT_EQ(::mkfifo((repo.root / "fanout.jsonc").c_str(), 0644), 0);
    expect_refused(repo.fanout({"check", "src"}, 10s), "fanout.jsonc", "named pipe", "FIFO as fanout.jsonc");
  }
  {
    Repo repo;
    ASSERT_EQ(::mkfifo((repo.root / "src" / "package.json").c_str(), 0644), 0);
    expect_refused(repo.fanout({"check", "src"}, 10s), "package.json", "named pipe", "FIFO as package.json");
  }
  {
    Repo repo;
    ASSERT_EQ(::mkfifo((repo.root / "fanout-suppressions.json").c_str(), 0644), 0);
    expect_refused(repo.fanout({"check", "src"}, 10s), "fanout-suppressions.json", "named pipe", "FIFO baseline");
  }
  {
    // Named by the user: read wherever it is, but still only a regular file.
    Repo repo;
    ASSERT_EQ(::mkfifo((repo.dir.path() / "pipe.json").c_str(), 0644), 0);
    expect_refused(repo.fanout({"check", "--config", (repo.dir.path() / "pipe.json").string(), "src"}, 10s),
                   "pipe.json", "named pipe", "FIFO named with --config");
  }
  {
    Repo repo;
    fs::create_symlink("missing.json", repo.root / "fanout.json");
    expect_refused(repo.fanout({"check", "src"}, 10s), "fanout.json", "missing", "dangling link");
  }
}

TEST(HostileRepo, OversizedConfigAndBaseline) {
  Repo repo;
  std::string big = "{ \"rules\": {}, \"$schema\": \"";
  big.append(5u << 20, 'x');
  big += "\" }";
  repo.write("fanout.json", big);
  expect_refused(repo.fanout({"check", "src"}), "fanout.json", "larger than 4 MiB", "5 MB configuration");
}

TEST(HostileRepo, ConfigNestedHundredThousandDeep) {
  Repo repo;
  const int depth = 100'000;
  std::string text = "{ \"helpers\": ";
  for (int i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  for (int i = 0; i < depth; ++i) text += "}";
  text += " }";
  repo.write("fanout.json", text);
  const RunOutcome run = repo.fanout({"check", "src"});
  expect_refused(run, "fanout.json:1", "nested deeper than 100 levels", "deep configuration");
  EXPECT_LT(run.seconds, 5);

  // The baseline too (plain JSON, read by nlohmann with a depth limit).
  Repo other;
  std::string baseline;
  for (int i = 0; i < depth; ++i) baseline += "[";
  for (int i = 0; i < depth; ++i) baseline += "]";
  other.write("fanout-suppressions.json", baseline);
  expect_refused(other.fanout({"check", "src"}), "fanout-suppressions.json", "nested deeper than", "deep baseline");
}

// Each file extends the two files of the next level: 2^24 paths through 48
// files, each of which must be read and applied once.
TEST(HostileRepo, ExtendsDiamondIsLinear) {
  Repo repo;
  const int levels = 24;
  for (int level = 0; level < levels; ++level) {
    for (const char side : {'a', 'b'}) {
      const std::string extends =
          level + 1 < levels ? fmt::format(R"("extends": ["./c{}a.json", "./c{}b.json"],)", level + 1, level + 1) : "";
      repo.write(fmt::format("c{}{}.json", level, side),
                 fmt::format(R"({{ {} "rules": {{ "unbounded-promise-all": "{}" }} }})", extends,
                             level + 1 == levels ? "warn" : "error"));
    }
  }
  repo.write("fanout.json", R"({ "extends": ["./c0a.json", "./c0b.json"] })");
  const RunOutcome run = repo.fanout({"check", "--format", "compact", "src"}, 20s);
  EXPECT_FALSE(run.timed_out);
  EXPECT_LT(run.seconds, 5) << "extends diamond took " << run.seconds << " s";
  EXPECT_LT(run.peak_rss_kb, 256L * 1024);
  // The nearest level wins: `error`, applied after the last level's `warn`.
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "error")) << run.out;
}

TEST(HostileRepo, ExtendsChainOfTenThousandFiles) {
  Repo repo;
  const int files = 10'000;
  for (int i = 0; i < files; ++i) {
    repo.write(fmt::format("chain/c{}.json", i),
               i + 1 < files ? fmt::format(R"({{ "extends": "./c{}.json" }})", i + 1) : std::string("{}"));
  }
  repo.write("fanout.json", R"({ "extends": "./chain/c0.json" })");
  const RunOutcome run = repo.fanout({"check", "src"});
  // Named at the file whose `extends` would pass the limit (fanout.json is
  // the first of the chain, c0.json the second).
  expect_refused(run, fmt::format("c{}.json:1: extends", config::kMaxExtendsDepth - 1),
                 fmt::format("extends nested deeper than {} files", config::kMaxExtendsDepth), "a chain of 10 000 files");
  EXPECT_LT(run.seconds, 5);
}

TEST(HostileRepo, ExtendsStaysInsideTheRepository) {
  Repo repo;
  const fs::path outside = repo.dir.path() / "shared" / "base.json";
  fs::create_directories(outside.parent_path());
  std::ofstream(outside) << R"({ "rules": { "unbounded-promise-all": "off" } })";

  for (const std::string& target : {std::string("/etc/passwd"), std::string("../shared/base.json"), outside.string()}) {
    repo.write("fanout.json", fmt::format("{{\n  \"extends\": \"{}\"\n}}\n", target));
    const RunOutcome run = repo.fanout({"check", "src"});
    expect_refused(run, "fanout.json:2: extends", "outside the repository", target);
    EXPECT_FALSE(contains(run.err, "root:")) << "the outside file was read:\n" << run.err;
  }
  // A link inside the repository that leads out is refused the same way.
  fs::create_symlink(outside, repo.root / "linked.json");
  repo.write("fanout.json", R"({ "extends": "./linked.json" })");
  expect_refused(repo.fanout({"check", "src"}), "linked.json", "outside", "link to outside");

  // --allow-extends names a folder that may be reached.
  repo.write("fanout.json", R"({ "extends": "../shared/base.json" })");
  const RunOutcome allowed =
      repo.fanout({"check", "--allow-extends", outside.parent_path().string(), "--format", "compact", "src"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;

  // A configuration linked from inside the repository still works.
  repo.write("config/base.json", R"({ "rules": { "unbounded-promise-all": "off" } })");
  fs::remove(repo.root / "fanout.json");
  fs::create_symlink("config/base.json", repo.root / "fanout.json");
  const RunOutcome inside = repo.fanout({"check", "--format", "compact", "src"});
  EXPECT_EQ(inside.exit_code, 0) << inside.out << inside.err;
}

TEST(HostileRepo, ConfigLinkedOutsideTheRepository) {
  Repo repo;
  const fs::path outside = repo.dir.path() / "elsewhere.jsonc";
  std::ofstream(outside) << R"({ "rules": { "unbounded-promise-all": "off" } })";
  fs::create_symlink(outside, repo.root / "fanout.jsonc");
  expect_refused(repo.fanout({"check", "src"}), "fanout.jsonc", "outside", "fanout.jsonc linked out");
  // Named with --config, the same file is the user's choice.
  const RunOutcome named = repo.fanout({"check", "--config", outside.string(), "--format", "compact", "src"});
  EXPECT_EQ(named.exit_code, 0) << named.out << named.err;
}

// --- git runs nothing the repository configures -------------------------------------

TEST(HostileRepo, GitRunsNothingTheRepositoryConfigures) {
  Repo repo;
  const fs::path marker = repo.dir.path() / "pwned";
  const std::string touch = fmt::format("touch {}", quote(marker.string()));
  // Commit first, through plain git, before anything hostile is configured.
  repo.write("src/b.js", "export const b = 1;\n");
  repo.write("src/c.js", kFanout);
  ASSERT_EQ(sh(repo.root, "git add -A && git commit -qm init"), 0);

  // Every hook, in .git/hooks and in a core.hooksPath folder.
  const std::string hook = "#!/bin/sh\n" + touch + "\n";
  for (const char* name : {"post-index-change", "pre-commit", "post-checkout", "reference-transaction",
                           "pre-auto-gc", "post-commit", "fsmonitor-watchman"}) {
    repo.write(fmt::format(".git/hooks/{}", name), hook);
    repo.write(fmt::format("hooks-elsewhere/{}", name), hook);
    fs::permissions(repo.root / ".git" / "hooks" / name, fs::perms::owner_all);
    fs::permissions(repo.root / "hooks-elsewhere" / name, fs::perms::owner_all);
  }
  const std::vector<std::pair<std::string, std::string>> config = {
      {"core.fsmonitor", touch + "; false"},
      {"core.pager", touch + "; cat"},
      {"pager.diff", touch + "; cat"},
      {"diff.external", touch},
      {"diff.evil.textconv", touch + "; cat"},
      {"diff.evil.command", touch},
      // `-c filter.a=b.clean=` would be split at the first `=`.
      {"filter.a=b.clean", touch + "; cat"},
      {"filter.a=b.smudge", touch + "; cat"},
      {"filter.a=b.process", touch},
      {"filter.plain.clean", touch + "; cat"},
      {"filter.plain.required", "true"},
      {"filter.dotted.name.clean", touch + "; cat"},
      {"gc.auto", "1"},
  };
  for (const auto& [key, value] : config) {
    ASSERT_EQ(sh(repo.root, fmt::format("git config {} {}", quote(key), quote(value))), 0) << key;
  }
  repo.write(".gitattributes", "a.js filter=a=b diff=evil\nb.js filter=plain diff=evil\nc.js filter=dotted.name\n");
  // Changes in the work tree and the index, so that every diff has something
  // to hash, and an untracked fan-out for --changed-since to report.
  repo.write("src/d.js", kFanout);
  repo.write("src/a.js", std::string(kFanout) + "// changed\n");
  repo.write("src/b.js", std::string(kFanout) + "// changed\n");
  repo.write("src/c.js", std::string(kFanout) + "// changed\n");
  ASSERT_EQ(sh(repo.root, "git -c core.hooksPath=/dev/null/none -c core.fsmonitor=false "
                          "-c filter.plain.clean=cat -c filter.plain.required=false add src/b.js"),
            0);
  fs::remove(marker);

  const auto no_marker = [&](const std::vector<std::string>& args, const std::string& what) {
    const RunOutcome run = repo.fanout(args, 30s);
    EXPECT_FALSE(run.timed_out) << what;
    EXPECT_EQ(run.signal, 0) << what;
    EXPECT_FALSE(fs::exists(marker)) << "`fanout " << what << "` ran a command from the repository\n" << run.err;
    fs::remove(marker);
    return run;
  };
  for (const bool elsewhere : {false, true}) {
    if (elsewhere) ASSERT_EQ(sh(repo.root, "git config core.hooksPath hooks-elsewhere"), 0);
    no_marker({"check", "."}, "check");
    no_marker({"check", "--format", "sarif", "src"}, "check --format sarif");
    // The first round finds what it should; the second runs after --fix.
    const RunOutcome staged = no_marker({"check", "--staged"}, "check --staged");
    if (!elsewhere) EXPECT_EQ(staged.exit_code, 1) << staged.out << staged.err;
    const RunOutcome changed = no_marker({"check", "--changed-since", "HEAD"}, "check --changed-since HEAD");
    if (!elsewhere) EXPECT_EQ(changed.exit_code, 1) << changed.out << changed.err;
    no_marker({"check", "--changed-since", "HEAD", "--fix-style", "for-of", "--fix", "src"}, "--changed-since --fix");
    no_marker({"check", "--cache", "src"}, "check --cache");
    no_marker({"check", "--suppress-all", "src"}, "check --suppress-all");
    no_marker({"check", "--prune-suppressions", "src"}, "check --prune-suppressions");
    no_marker({"check", "--fix-dry-run", "src"}, "check --fix-dry-run");
    no_marker({"check", "--fix", "src"}, "check --fix");
    const RunOutcome hook_run = no_marker({"install-hook", "--force"}, "install-hook --force");
    EXPECT_EQ(hook_run.exit_code, 0) << hook_run.out << hook_run.err;
  }
  // install-hook still honours core.hooksPath, which every other git call overrides.
  EXPECT_TRUE(contains(read_file(repo.root / "hooks-elsewhere" / "pre-commit"), "check --staged"));
}

// --- git mode reports what it could not read -------------------------------------------

TEST(HostileRepo, GitModeReportsFoldersTooDeepToRead) {
  Repo repo;
  // A path longer than PATH_MAX: git warns and skips it, the plain walk errs.
  // Made one level at a time, each folder relative to the last.
  int fd = ::open(repo.root.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  const std::string level(200, 'd');
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(::mkdirat(fd, i == 0 ? "deep" : level.c_str(), 0755), 0);
    const int next = ::openat(fd, i == 0 ? "deep" : level.c_str(), O_RDONLY | O_DIRECTORY);
    ::close(fd);
    ASSERT_GE(next, 0);
    fd = next;
  }
  const int file = ::openat(fd, "x.js", O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(file, 0);
  ASSERT_EQ(::write(file, kFanout, std::strlen(kFanout)), static_cast<ssize_t>(std::strlen(kFanout)));
  ::close(file);
  ::close(fd);
  const RunOutcome run = repo.fanout({"check", "--format", "compact", "."});
  // std::filesystem cannot remove a tree this deep; rm works relative to each folder.
  EXPECT_EQ(sh(repo.root, "rm -rf deep"), 0);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "cannot read folder")) << run.err.substr(0, 2000);
  EXPECT_TRUE(contains(run.err, "File name too long")) << run.err.substr(0, 2000);
  EXPECT_TRUE(contains(run.out, "src/a.js")) << "what could be read is still checked\n" << run.out;
}

TEST(HostileRepo, GitModeReportsUnreadableFolders) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to drop to nobody";
  // The repository belongs to nobody (git refuses others' repositories) and
  // lives in a folder nobody can reach, wherever the checkout is.
  TempDir dir("fanout-hostile-nobody");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  const fs::path root = dir.path() / "repo";
  fs::create_directories(root / "src");
  std::ofstream(root / "src" / "a.js") << kFanout;
  fs::create_directories(root / "secret");
  std::ofstream(root / "secret" / "b.js") << kFanout;
  ASSERT_EQ(sh(root, "git init -q && chown -R 65534:65534 . && chown 0:0 secret && chmod 700 secret"), 0);
  const RunOutcome run = run_fanout({"check", "--format", "compact", "."},
                                    RunOptions{.cwd = root, .timeout = 20s, .as_user = std::pair{65534u, 65534u},
                                               .extra_env = {"HOME=/nonexistent", "GIT_CONFIG_NOSYSTEM=1"}});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "secret")) << run.err;
  EXPECT_TRUE(contains(run.err, "Permission denied")) << run.err;
  EXPECT_TRUE(contains(run.out, "src/a.js")) << run.out;
}

// --- --fix writes only what it may ---------------------------------------------------------

TEST(HostileRepo, FixNeverWritesThroughALinkOutOfTheCheckedFolders) {
  Repo repo;
  const fs::path outside = repo.dir.path() / "outside" / "victim.js";
  fs::create_directories(outside.parent_path());
  std::ofstream(outside) << kFanout;
  fs::create_symlink(outside, repo.root / "src" / "link.js");

  const RunOutcome run = repo.fanout({"check", "--fix", "--fix-style", "for-of", "src"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "link.js")) << run.err;
  EXPECT_TRUE(contains(run.err, "outside the checked folders")) << run.err;
  EXPECT_EQ(read_file(outside), kFanout) << "--fix wrote outside the checked folder";
  EXPECT_NE(read_file(repo.root / "src" / "a.js"), kFanout) << "the other files are still fixed";
  EXPECT_TRUE(fs::is_symlink(repo.root / "src" / "link.js"));
}

TEST(HostileRepo, FixRefusesToSplitHardLinks) {
  Repo repo;
  const fs::path twin = repo.dir.path() / "twin.js";
  fs::create_hard_link(repo.root / "src" / "a.js", twin);
  const RunOutcome run = repo.fanout({"check", "--fix", "--fix-style", "for-of", "src"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "hard links")) << run.err;
  EXPECT_EQ(read_file(twin), kFanout);
  EXPECT_EQ(read_file(repo.root / "src" / "a.js"), kFanout);
  EXPECT_EQ(fs::hard_link_count(twin), 2u);
}

// The pid of a process that has ended.
pid_t ended_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

TEST(HostileRepo, StaleTemporariesOfEndedRunsAreRemoved) {
  Repo repo;
  const pid_t gone = ended_pid();
  const fs::path stale_fix = repo.write(fmt::format("src/.a.js.fanout-{}-0.tmp", gone), "half a file");
  const fs::path live_fix = repo.write(fmt::format("src/.a.js.fanout-{}-0.tmp", ::getpid()), "a write in progress");
  const fs::path stale_baseline = repo.write(fmt::format(".fanout-suppressions.json.fanout-{}-3.tmp", gone), "{");
  const fs::path not_ours = repo.write(fmt::format("src/a.js.fanout-{}-0.tmp.keep", gone), "someone else's");

  const RunOutcome fixed = repo.fanout({"check", "--fix", "--fix-style", "for-of", "src"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_FALSE(fs::exists(stale_fix)) << "the leftover of an ended run stays";
  EXPECT_TRUE(fs::exists(live_fix)) << "a running process's temporary file was removed";
  EXPECT_TRUE(fs::exists(not_ours));

  repo.write("src/b.js", kFanout);
  const RunOutcome recorded = repo.fanout({"check", "--suppress-all", "src"});
  EXPECT_EQ(recorded.exit_code, 0) << recorded.out << recorded.err;
  EXPECT_FALSE(fs::exists(stale_baseline));
}

TEST(HostileRepo, SuppressAllOnAFullDiskLeavesNothingBehind) {
  Repo repo;
  for (int i = 0; i < 40; ++i) repo.write(fmt::format("src/many/f{}.js", i), kFanout);
  const auto before = [&] {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(repo.root)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto listed = before();
  // A file size limit of 512 bytes: writes beyond it fail as on a full disk.
  const RunOutcome run = run_fanout({"check", "--suppress-all", "src"},
                                    RunOptions{.cwd = repo.root, .timeout = 20s, .file_size_limit = 512});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "fanout-suppressions.json")) << run.err;
  EXPECT_EQ(before(), listed) << "a temporary or partial file was left in the repository";
}

}  // namespace
}  // namespace fanout
