// `fanout check --stdin --stdin-filename PATH`: the text on standard input is
// checked exactly as the file PATH would be (language, configuration, ignore
// patterns, baseline), in every format; with --fix the fixed text is printed
// and nothing on disk is written.
#include <gtest/gtest.h>

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_support.hpp"

namespace fanout {
namespace {

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";
// One finding --fix rewrites and one it cannot (allSettled has no series form).
constexpr const char* kFixableAndNot = R"(export async function run(items, deletions) {
  await Promise.all(items.map(async (x) => work(x)));
  await Promise.allSettled(deletions.map((d) => remove(d)));
}
)";
constexpr const char* kClean = "export const answer = 42;\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class Stdin : public ::testing::Test {
 protected:
  void write(const std::string& relative, const std::string& text) const { tree_.write(relative, text); }
  std::string read(const std::string& relative) const { return testing::read_file(tree_.path() / relative); }

  /// `fanout ARGS` (split at spaces) in the tree, with `input` on standard input.
  testing::RunOutcome exec(const std::string& args, std::string_view input = "") const {
    std::vector<std::string> words;
    std::istringstream split(args);
    for (std::string word; split >> word;) words.push_back(word);
    return testing::run_fanout(words, testing::RunOptions{.cwd = tree_.path(), .input = std::string(input)});
  }

  testing::TempDir tree_{"fanout-stdin"};
  testing::TempDir outside_{"fanout-stdin-out"};
};

TEST_F(Stdin, EveryFormatPrintsWhatCheckingTheFilePrints) {
  write("src/jobs.ts", kFixableAndNot);
  for (const char* format : {"text", "stylish", "compact", "json", "sarif", "github"}) {
    const testing::RunOutcome file = exec(fmt::format("check src/jobs.ts --format {}", format));
    const testing::RunOutcome piped = exec(fmt::format("check --stdin --stdin-filename src/jobs.ts --format {}", format), kFixableAndNot);
    EXPECT_EQ(piped.exit_code, 1) << format << piped.err;
    EXPECT_EQ(piped.exit_code, file.exit_code) << format;
    EXPECT_EQ(piped.out, file.out) << format;
    EXPECT_PRED2(contains, piped.out, "src/jobs.ts") << format;
  }
}

TEST_F(Stdin, TheTextIsCheckedNotTheFileOnDisk) {
  write("src/jobs.js", kClean);  // the saved file; the editor's buffer has the fan-out
  const testing::RunOutcome run = exec("check --stdin --stdin-filename src/jobs.js --format compact", kFanout);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_PRED2(contains, run.out, "src/jobs.js:2:9: error: ");
  // A path that does not exist is fine too: nothing is read from it.
  EXPECT_EQ(exec("check --stdin --stdin-filename new/file.js", kFanout).exit_code, 1);
}

TEST_F(Stdin, TheLanguageComesFromTheFileName) {
  const std::string typed = "export async function run(items: Item[]) {\n"
                            "  await Promise.all((items as Item[]).map(async (x) => work(x)));\n}\n";
  const testing::RunOutcome ts = exec("check --stdin --stdin-filename a.ts --format compact", typed);
  EXPECT_EQ(ts.exit_code, 1) << ts.err;
  EXPECT_FALSE(contains(ts.out, "parse-error")) << ts.out;
  const testing::RunOutcome js = exec("check --stdin --stdin-filename a.js --format compact", typed);
  EXPECT_PRED2(contains, js.out, "[parse-error]");
  // Without a name the text is JavaScript shown as ESLint shows it.
  const testing::RunOutcome unnamed = exec("check --stdin --format compact", kFanout);
  EXPECT_EQ(unnamed.exit_code, 1);
  EXPECT_PRED2(contains, unnamed.out, "<text>:2:9: error: ");
}

TEST_F(Stdin, AComponentIsReadBlockByBlock) {
  // The editor and --stdin read a .vue buffer as `check` reads the file:
  // only its script block, with positions in the whole buffer.
  const std::string component = "<template>\n  <p>{{ items.map((x) => x) }}</p>\n</template>\n"
                                "<script setup lang=\"ts\">\n"
                                "const items: string[] = await load();\n"
                                "await Promise.all(items.map(async (x) => save(x)));\n"
                                "</script>\n";
  const testing::RunOutcome run = exec("check --stdin --stdin-filename src/App.vue --format compact", component);
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_PRED2(contains, run.out, "src/App.vue:6:7: error: ");
  EXPECT_FALSE(contains(run.out, "parse-error")) << run.out;
}

TEST_F(Stdin, TheConfigurationOfThatPathApplies) {
  write("pkg/fanout.jsonc",
        "{\n  \"rules\": { \"unbounded-promise-all\": \"warn\" },\n  \"ignorePatterns\": [\"generated/**\"]\n}\n");
  const testing::RunOutcome warned = exec("check --stdin --stdin-filename pkg/src/a.js --format compact", kFanout);
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_PRED2(contains, warned.out, "pkg/src/a.js:2:9: warning: ");
  EXPECT_PRED2(contains, exec("check --stdin --stdin-filename other/a.js --format compact", kFanout).out, ": error: ");

  // Ignored, as a hook passing the file by name: silently nothing, and --fix gives the text back.
  const testing::RunOutcome ignored = exec("check --stdin --stdin-filename pkg/generated/a.js --format compact", kFanout);
  EXPECT_EQ(ignored.exit_code, 0);
  EXPECT_EQ(ignored.out, "");
  const testing::RunOutcome fixed = exec("check --stdin --stdin-filename pkg/generated/a.js --fix", kFanout);
  EXPECT_EQ(fixed.exit_code, 0);
  EXPECT_EQ(fixed.out, kFanout);
}

TEST_F(Stdin, TheBaselineOfThatPathApplies) {
  std::filesystem::create_directories(tree_.path() / ".git");  // the baseline lives at the repository root
  write("fanout-suppressions.json", R"({ "src/old.js": { "unbounded-promise-all": { "count": 1 } } })");
  EXPECT_EQ(exec("check --stdin --stdin-filename src/old.js", kFanout).exit_code, 0);
  EXPECT_EQ(exec("check --stdin --stdin-filename src/new.js", kFanout).exit_code, 1);
}

TEST_F(Stdin, FixPrintsTheFixedTextAndWritesNothing) {
  write("src/jobs.js", kFanout);
  const testing::RunOutcome run = exec("check --stdin --stdin-filename src/jobs.js --fix", kFanout);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(contains(run.out, "Promise.all(items.map")) << run.out;
  EXPECT_PRED2(contains, run.out, "export async function run(items)");
  EXPECT_EQ(read("src/jobs.js"), kFanout);
  // The same text as --fix writes to the file, and fixing it again changes nothing.
  EXPECT_EQ(exec("check src/jobs.js --fix").exit_code, 0);
  EXPECT_EQ(run.out, read("src/jobs.js"));
  EXPECT_EQ(exec("check --stdin --stdin-filename src/jobs.js --fix", run.out).out, run.out);
  // Nothing to fix: the text comes back unchanged.
  EXPECT_EQ(exec("check --stdin --stdin-filename src/clean.js --fix", kClean).out, kClean);
}

TEST_F(Stdin, FixWithJsonGivesEslintsOutputProperty) {
  const testing::RunOutcome run = exec("check --stdin --stdin-filename src/jobs.js --fix --format json", kFixableAndNot);
  EXPECT_EQ(run.exit_code, 1) << run.err;  // allSettled is left, at error level
  const auto results = nlohmann::json::parse(run.out);
  ASSERT_EQ(results.size(), 1U);
  const auto& result = results[0];
  EXPECT_EQ(result["filePath"], (tree_.path() / "src/jobs.js").string());
  ASSERT_TRUE(result.contains("output")) << run.out;
  EXPECT_FALSE(contains(result["output"].get<std::string>(), "Promise.all(items.map"));
  EXPECT_PRED2(contains, result["output"].get<std::string>(), "Promise.allSettled(deletions.map");
  ASSERT_EQ(result["messages"].size(), 1U);
  EXPECT_EQ(result["messages"][0]["ruleId"], "unbounded-promise-all");
  EXPECT_EQ(result["messages"][0]["line"], 5);  // in the fixed text, which gained an import and a blank line
  // ESLint leaves `output` out when nothing was fixed.
  const auto clean = nlohmann::json::parse(exec("check --stdin --stdin-filename a.js --fix --format json", kClean).out);
  EXPECT_FALSE(clean[0].contains("output"));
}

TEST_F(Stdin, FixWithOtherFormatsReportsOnStderr) {
  for (const char* format : {"text", "stylish", "compact", "sarif", "github"}) {
    const testing::RunOutcome run = exec(fmt::format("check --stdin --stdin-filename src/jobs.js --fix --format {}", format),
                         kFixableAndNot);
    EXPECT_EQ(run.exit_code, 1) << format;
    EXPECT_PRED2(contains, run.out, "Promise.allSettled(deletions.map") << format;
    EXPECT_FALSE(contains(run.out, "Promise.all(items.map")) << format;
    EXPECT_PRED2(contains, run.err, "src/jobs.js") << format;
    EXPECT_FALSE(contains(run.out, "unbounded-promise-all")) << format << run.out;
  }
  // With -o the report goes to the file, as without --stdin.
  const testing::RunOutcome to_file =
      exec(fmt::format("check --stdin --stdin-filename src/jobs.js --fix --format sarif -o {}",
                       (outside_.path() / "report.sarif").string()),
           kFixableAndNot);
  EXPECT_PRED2(contains, to_file.out, "Promise.allSettled(deletions.map");
  EXPECT_EQ(nlohmann::json::parse(testing::read_file(outside_.path() / "report.sarif"))["runs"][0]["results"].size(), 1U);
}

TEST_F(Stdin, FixDryRunPrintsTheDiff) {
  const testing::RunOutcome run = exec("check --stdin --stdin-filename src/jobs.js --fix-dry-run", kFanout);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_PRED2(contains, run.out, "--- a/src/jobs.js\n+++ b/src/jobs.js\n");
  EXPECT_PRED2(contains, run.out, "-  await Promise.all(items.map(async (x) => work(x)));\n");
}

TEST_F(Stdin, BinaryTextIsSkippedWithANote) {
  const testing::RunOutcome run = exec("check --stdin --stdin-filename blob.js --format compact", std::string_view("ab\0cd", 5));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_PRED2(contains, run.out, "blob.js:1:1: info: ");
  EXPECT_PRED2(contains, run.out, "[skipped-file]");
}

TEST_F(Stdin, FlagsThatNameOrWriteOtherFilesAreUsageErrors) {
  write("src/a.js", kClean);
  for (const char* args : {"check --stdin src/a.js", "check --stdin --staged", "check --stdin --suppress-all",
                           "check --stdin-filename a.js", "check --stdin --prune-suppressions"}) {
    const testing::RunOutcome run = exec(args, kFanout);
    EXPECT_EQ(run.exit_code, 2) << args << run.out;
    EXPECT_PRED2(contains, run.err, "stdin") << args;
  }
}

}  // namespace
}  // namespace fanout
