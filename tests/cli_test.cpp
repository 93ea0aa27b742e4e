// End-to-end runs of the built binary (cli.md is the contract): exit codes,
// formats, subcommands, determinism across thread counts, I/O errors, --fix.
// Plus unit tests of the dry run's unified diff.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/diff.hpp"
#include "fanout/rule.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";
constexpr const char* kClean = "export const answer = 42;\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

struct Ran {
  int status = -1;
  std::string out;
  std::string err;
};

/// A temporary tree to run fanout in; captures stay outside the tree.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "fanout-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    tree_ = root_ / "tree";
    fs::create_directories(tree_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, std::string_view text) const { write_file(tree_ / relative, text); }
  std::string read(const std::string& relative) const { return read_file(tree_ / relative); }

  /// Runs `fanout ARGS` in the tree; ARGS is shell text. Colour and CI
  /// settings of the caller's environment are neutralised.
  Ran exec(const std::string& args) const {
    const std::string command =
        fmt::format("cd '{}' && env -u CI -u FORCE_COLOR -u NO_COLOR '{}' {} >'{}' 2>'{}'", tree_.string(),
                    FANOUT_BINARY, args, (root_ / "out").string(), (root_ / "err").string());
    const int raw = std::system(command.c_str());
    return Ran{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1,
               .out = read_file(root_ / "out"),
               .err = read_file(root_ / "err")};
  }

  fs::path root_;
  fs::path tree_;
};

// --- the command line itself ------------------------------------------------

TEST_F(Cli, VersionAndHelp) {
  const Ran version = exec("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_PRED2(contains, version.out, "fanout 0.1.0");
  const Ran help = exec("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_PRED2(contains, help.out, "Examples:");
  EXPECT_PRED2(contains, help.out, "fanout check");
  const Ran check_help = exec("check --help");
  EXPECT_EQ(check_help.status, 0);
  EXPECT_PRED2(contains, check_help.out, "--fix-dry-run");
}

TEST_F(Cli, UsageErrorsExitTwo) {
  for (const char* args : {"", "check --bogus", "frobnicate", "check --format xml", "check --fix --fix-dry-run",
                           "check --fix-style fancy", "check --fix-style custom", "check --jobs many",
                           "check --rule unbounded-promise-all", "check --rule unbounded-promise-all:loud",
                           "explain"}) {
    const Ran run = exec(args);
    EXPECT_EQ(run.status, 2) << args;
    EXPECT_PRED2(contains, run.err, "fanout: error:") << args;
    EXPECT_EQ(run.out, "") << args;
  }
  const Ran flag = exec("check --bogus");
  EXPECT_PRED2(contains, flag.err, "--bogus");
}

TEST_F(Cli, UnknownRuleListsKnownOnes) {
  for (const char* args : {"check --rule no-such-rule:warn", "explain no-such-rule"}) {
    const Ran run = exec(args);
    EXPECT_EQ(run.status, 2) << args;
    EXPECT_PRED2(contains, run.err, "no-such-rule") << args;
    EXPECT_PRED2(contains, run.err, "unbounded-promise-all") << args;
    EXPECT_PRED2(contains, run.err, "async-foreach") << args;
  }
}

TEST_F(Cli, RulesListsEveryRule) {
  const Ran run = exec("rules");
  EXPECT_EQ(run.status, 0);
  for (const char* id : {"async-foreach", "unbounded-library-map", "unbounded-promise-all", "unknown-collection"}) {
    EXPECT_PRED2(contains, run.out, id);
  }
  EXPECT_PRED2(contains, run.out, "error");
  EXPECT_PRED2(contains, run.out, "info");
}

TEST_F(Cli, ExplainPrintsTheRuleDoc) {
  const Ran run = exec("explain unbounded-promise-all");
  EXPECT_EQ(run.status, 0);
  EXPECT_PRED2(contains, run.out, "unbounded-promise-all");
  EXPECT_PRED2(contains, run.out, std::string(rule_doc("unbounded-promise-all")));
}

// --- exit status --------------------------------------------------------------

TEST_F(Cli, CleanTreeExitsZero) {
  write("src/a.js", kClean);
  write("src/b.ts", "export function f(): number { return 1; }\n");
  const Ran run = exec("check");
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "");
}

TEST_F(Cli, ErrorFindingExitsOne) {
  write("src/jobs.js", kFanout);
  const Ran run = exec("check --format compact");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "src/jobs.js:2:");
  EXPECT_PRED2(contains, run.out, "[unbounded-promise-all]");

  EXPECT_EQ(exec("check --exit-zero").status, 0);
  EXPECT_EQ(exec("check --rule unbounded-promise-all:off").status, 0);
  EXPECT_EQ(exec("check --rule unbounded-promise-all:warn").status, 0);
  EXPECT_EQ(exec("check --rule unbounded-promise-all:warn --max-warnings 1").status, 0);
  EXPECT_EQ(exec("check --rule unbounded-promise-all:warn --max-warnings 0").status, 1);
  const Ran quiet = exec("check --format compact --quiet --rule unbounded-promise-all:warn");
  EXPECT_EQ(quiet.status, 0);
  EXPECT_FALSE(contains(quiet.out, "unbounded-promise-all")) << quiet.out;
}

TEST_F(Cli, EveryFormatRuns) {
  write("src/jobs.js", kFanout);
  for (const char* format : {"text", "stylish", "compact", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}) {
    const Ran run = exec(fmt::format("check --format {}", format));
    EXPECT_EQ(run.status, 1) << format << run.err;
    EXPECT_PRED2(contains, run.out, "src/jobs.js") << format;
    EXPECT_EQ(exec(fmt::format("check -f {}", format)).out, run.out) << format;
  }
  const auto sarif = nlohmann::json::parse(exec("check --format sarif").out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "unbounded-promise-all");
  EXPECT_TRUE(nlohmann::json::parse(exec("check --format json").out).is_array());
}

TEST_F(Cli, OutputFileGetsTheFormatAndTheTerminalText) {
  write("src/jobs.js", kFanout);
  const Ran run = exec(fmt::format("check --format sarif -o '{}'", (root_ / "report.sarif").string()));
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(nlohmann::json::parse(read_file(root_ / "report.sarif"))["version"], "2.1.0");
  EXPECT_EQ(run.out, exec("check").out);
  const Ran unwritable = exec("check -o /nonexistent-dir/report.json --format json");
  EXPECT_EQ(unwritable.status, 2);
  EXPECT_PRED2(contains, unwritable.err, "/nonexistent-dir/report.json");
}

// --- files --------------------------------------------------------------------

TEST_F(Cli, SameOutputWithOneOrEightThreads) {
  for (int i = 0; i < 40; ++i) {
    std::string text = fmt::format("// file {}\n", i);
    // Sizes vary so that biggest-first scheduling differs from path order.
    for (int line = 0; line < (i * 7) % 23; ++line) text += fmt::format("export const v{} = {};\n", line, line);
    if (i % 3 == 0) text += kFanout;
    if (i == 17) text += "function broken( {\n";
    write(fmt::format("pkg{}/mod{:02}.{}", i % 4, i, i % 2 ? "ts" : "js"), text);
  }
  for (const char* format : {"text", "json", "sarif"}) {
    const Ran one = exec(fmt::format("check -j1 --format {}", format));
    const Ran eight = exec(fmt::format("check -j8 --format {}", format));
    EXPECT_EQ(one.status, 1) << format;
    EXPECT_EQ(eight.status, one.status) << format;
    EXPECT_EQ(eight.out, one.out) << format;
    EXPECT_EQ(eight.err, one.err) << format;
  }
}

TEST_F(Cli, MissingPathIsAnErrorAndTheRunGoesOn) {
  write("src/jobs.js", kFanout);
  const Ran run = exec("check --format compact does-not-exist src");
  EXPECT_EQ(run.status, 2);
  EXPECT_PRED2(contains, run.err, "does-not-exist");
  EXPECT_PRED2(contains, run.out, "src/jobs.js");
}

TEST_F(Cli, BinaryFileIsSkippedWithANote) {
  write("src/blob.js", std::string_view("\x7f" "ELF\0\0\0binary", 13));
  const Ran run = exec("check --format compact");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_PRED2(contains, run.out, "src/blob.js:1:1: info: ");
  EXPECT_PRED2(contains, run.out, "[skipped-file]");
}

TEST_F(Cli, SyntaxErrorIsReportedWithoutChangingTheStatus) {
  // The call keeps the pre-filter from skipping the file unparsed.
  write("src/broken.js", "await Promise.all(xs);\nfunction f( {\n  return 1;\n");
  const Ran run = exec("check --format compact");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_PRED2(contains, run.out, "src/broken.js:");
  EXPECT_PRED2(contains, run.out, "[parse-error]");
  EXPECT_PRED2(contains, run.out, ": info: ");
  // An info like any other (issue 13: one severity everywhere): it counts
  // toward --max-warnings, as stylish and JSON show it as a warning.
  EXPECT_EQ(exec("check --max-warnings 0").status, 1);
  EXPECT_EQ(exec("check --max-warnings 1").status, 0);
}

TEST_F(Cli, ConfigFileIsReadAndCheckedErrorsExitTwo) {
  write("src/jobs.js", kFanout);
  write_file(root_ / "off.json", "{ // comments are fine\n \"rules\": {\"unbounded-promise-all\": \"off\",},\n}\n");
  EXPECT_EQ(exec(fmt::format("check -c '{}'", (root_ / "off.json").string())).status, 0);
  write_file(root_ / "bad.json", "{\n  \"rules\": {},\n  \"colour\": true\n}\n");
  const Ran bad = exec(fmt::format("check --config '{}'", (root_ / "bad.json").string()));
  EXPECT_EQ(bad.status, 2);
  EXPECT_PRED2(contains, bad.err, "bad.json:3: colour: unknown key");
  const Ran missing = exec("check --config nope.json");
  EXPECT_EQ(missing.status, 2);
  EXPECT_PRED2(contains, missing.err, "nope.json");
}

// --- fixes ---------------------------------------------------------------------

TEST_F(Cli, FixDryRunPrintsADiffAndWritesNothing) {
  write("src/jobs.js", kFanout);
  const Ran run = exec("check --fix-dry-run");
  EXPECT_EQ(read("src/jobs.js"), kFanout);
  EXPECT_PRED2(contains, run.out, "--- a/src/jobs.js\n+++ b/src/jobs.js\n@@ ");
  EXPECT_PRED2(contains, run.out, "-  await Promise.all(items.map(async (x) => work(x)));\n");
  EXPECT_EQ(run.status, 0) << run.out << run.err;  // nothing left at error level once fixed
}

TEST_F(Cli, FixRewritesAndASecondFixChangesNothing) {
  write("src/jobs.js", kFanout);
  write("src/clean.js", kClean);
  const Ran first = exec("check --fix --format compact");
  const std::string fixed = read("src/jobs.js");
  EXPECT_NE(fixed, kFanout);
  EXPECT_FALSE(contains(fixed, "Promise.all(items.map")) << fixed;
  EXPECT_EQ(read("src/clean.js"), kClean);
  EXPECT_EQ(first.status, 0) << first.out << first.err;
  EXPECT_FALSE(contains(first.out, "unbounded-promise-all")) << first.out;

  const Ran second = exec("check --fix");
  EXPECT_EQ(second.status, 0);
  EXPECT_EQ(read("src/jobs.js"), fixed);
  EXPECT_EQ(exec("check --fix-dry-run").out, "");
}

TEST_F(Cli, FixStylesRewriteDifferently) {
  write("a/jobs.js", kFanout);
  write("b/jobs.js", kFanout);
  EXPECT_EQ(exec("check --fix --fix-style p-map a").status, 0);
  EXPECT_EQ(exec("check --fix --fix-style for-of b").status, 0);
  EXPECT_PRED2(contains, read("a/jobs.js"), "concurrency");
  EXPECT_PRED2(contains, read("b/jobs.js"), "for (");
}

// --- the dry run's diff ----------------------------------------------------------

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(cli::unified_diff("a\nb\n", "a\nb\n", "f.js"), ""); }

TEST(UnifiedDiff, OneChangeWithContext) {
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(cli::unified_diff(before, after, "src/f.js"),
            "--- a/src/f.js\n+++ b/src/f.js\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, InsertionAtTheTopAndSeparateHunks) {
  std::string before;
  for (int i = 1; i <= 20; ++i) before += fmt::format("{}\n", i);
  std::string after = "import x from 'x';\n" + before;
  after.replace(after.find("18\n"), 3, "eighteen\n");
  EXPECT_EQ(cli::unified_diff(before, after, "f.js"),
            "--- a/f.js\n+++ b/f.js\n@@ -1,3 +1,4 @@\n+import x from 'x';\n 1\n 2\n 3\n"
            "@@ -15,6 +16,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
}

TEST(UnifiedDiff, MissingFinalNewlineIsMarked) {
  EXPECT_EQ(cli::unified_diff("a\nb", "a\nc", "f.js"),
            "--- a/f.js\n+++ b/f.js\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
            "\\ No newline at end of file\n");
  EXPECT_EQ(cli::unified_diff("", "a\n", "f.js"), "--- a/f.js\n+++ b/f.js\n@@ -0,0 +1 @@\n+a\n");
}

}  // namespace
}  // namespace fanout
