// Issue 13, item 4: reports are honest. Each test is one bullet, run end to
// end on the built binary, and failed before the change it names. (The
// git-mode folder bullet belongs to the walk and is tested with it.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "temp_tree.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using testing::contains;
using testing::slurp;
using testing::TempTree;

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";
constexpr const char* kBroken = "await Promise.all(xs);\nfunction f( {\n  return 1;\n";

// Runs `fanout ARGS` in `tree` with stdout sent to `stdout_target` (a shell
// redirection target such as /dev/full); returns the status and stderr.
testing::Run fanout_to(const TempTree& tree, const std::string& args, const std::string& stdout_target) {
  const fs::path err = tree.path().parent_path() / "err-to";
  const std::string command = fmt::format("cd '{}' && env -u CI -u FORCE_COLOR -u NO_COLOR '{}' {} >{} 2>'{}'",
                                          tree.path().string(), FANOUT_BINARY, args, stdout_target, err.string());
  const int raw = std::system(command.c_str());
  return testing::Run{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, .out = {}, .err = slurp(err)};
}

// --- a lost report is an error ----------------------------------------------------

TEST(HonestReports, WriteErrorsOnTheReportExitTwoEvenWithExitZero) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("src/clean.js", "export const a = 1;\n");
  for (const char* args : {"check --format sarif --exit-zero", "check --format sarif", "check src/clean.js",
                           "check --format json --exit-zero"}) {
    const auto run = fanout_to(tree, args, "/dev/full");
    EXPECT_EQ(run.status, 2) << args;
    EXPECT_PRED2(contains, run.err, "cannot write the report to stdout") << args;
    EXPECT_PRED2(contains, run.err, "No space left on device") << args;
  }
  const auto file = tree.fanout("check --format sarif --exit-zero -o /dev/full");
  EXPECT_EQ(file.status, 2);
  EXPECT_PRED2(contains, file.err, "/dev/full: cannot write the report");
}

// --- SARIF says what it could not check --------------------------------------------

TEST(HonestReports, SarifCarriesIoAndParseProblems) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("src/broken.js", kBroken);
  const auto run = tree.fanout("check --format sarif missing.js src");
  EXPECT_EQ(run.status, 2);
  const auto log = nlohmann::json::parse(run.out);
  const auto& invocation = log["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  std::string messages;
  for (const auto& notification : invocation["toolExecutionNotifications"]) {
    messages += notification["descriptor"]["id"].get<std::string>() + ": " +
                notification["message"]["text"].get<std::string>() + "\n";
  }
  EXPECT_PRED2(contains, messages, "io-error: missing.js: No such file or directory");
  EXPECT_PRED2(contains, messages, "parse-error: syntax error");
  EXPECT_EQ(log["runs"][0]["results"].size(), 1u);

  // The same log against the official schema.
  const fs::path sarif = tree.path().parent_path() / "run.sarif";
  std::ofstream(sarif, std::ios::binary) << run.out;
  const std::string command = fmt::format(
      "node '{}/tests/tools/validate-sarif.mjs' '{}/schemas/sarif-2.1.0.json' '{}' >/dev/null 2>&1",
      FANOUT_SOURCE_DIR, FANOUT_SHARED_DIR, sarif.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << command;

  EXPECT_EQ(nlohmann::json::parse(tree.fanout("check --format sarif src").out)["runs"][0]["invocations"][0]
                ["executionSuccessful"],
            true);
  // GitHub annotations and JUnit test errors say so as well.
  EXPECT_PRED2(contains, tree.fanout("check --format github missing.js src").out,
               "::error title=fanout::missing.js: No such file or directory\n");
  EXPECT_PRED2(contains, tree.fanout("check --format junit missing.js src").out,
               "<error message=\"missing.js: No such file or directory\">");
}

// --- an audit trail of suppressed findings -------------------------------------------

TEST(HonestReports, SuppressedFindingsAreInSarifAndJson) {
  TempTree tree;
  tree.write("src/jobs.js", std::string(R"(export async function run(items) {
  // fanout-disable-next-line unbounded-promise-all -- at most 3 regions
  await Promise.all(items.map(async (x) => work(x)));
}
)"));
  for (const char* cache : {"", " --cache", " --cache"}) {  // the cached run keeps them too
    const auto sarif = tree.fanout(fmt::format("check --format sarif{}", cache));
    EXPECT_EQ(sarif.status, 0) << sarif.err;
    const auto log = nlohmann::json::parse(sarif.out);
    const auto& results = log["runs"][0]["results"];
    ASSERT_EQ(results.size(), 1u) << cache;
    EXPECT_EQ(results[0]["ruleId"], "unbounded-promise-all");
    EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
    EXPECT_EQ(results[0]["suppressions"][0]["kind"], "inSource");
    EXPECT_EQ(results[0]["suppressions"][0]["justification"], "at most 3 regions");

    const auto json = nlohmann::json::parse(tree.fanout(fmt::format("check --format json{}", cache)).out);
    ASSERT_EQ(json.size(), 1u);
    EXPECT_EQ(json[0]["messages"].size(), 0u);
    ASSERT_EQ(json[0]["suppressedMessages"].size(), 1u) << cache;
    EXPECT_EQ(json[0]["suppressedMessages"][0]["ruleId"], "unbounded-promise-all");
    EXPECT_EQ(json[0]["suppressedMessages"][0]["suppressions"][0],
              nlohmann::json::parse(R"({"kind": "directive", "justification": "at most 3 regions"})"));
  }
}

// --- parse-error: one severity, and a way to fail on it ---------------------------------

TEST(HonestReports, ParseErrorHasOneSeverityAndCanBeRaised) {
  TempTree tree;
  tree.write("src/broken.js", kBroken);
  const auto compact = tree.fanout("check --format compact");
  EXPECT_EQ(compact.status, 0);
  EXPECT_PRED2(contains, compact.out, "src/broken.js:2:1: info: ");
  const auto stylish = tree.fanout("check --format stylish");
  EXPECT_PRED2(contains, stylish.out, "warning  syntax error");
  EXPECT_PRED2(contains, stylish.out, "(0 errors, 1 warning)");
  const auto json = nlohmann::json::parse(tree.fanout("check --format json").out);
  EXPECT_EQ(json[0]["messages"][0]["severity"], 1);
  EXPECT_EQ(json[0]["fatalErrorCount"], 0);

  const auto raised = tree.fanout("check --format compact --rule parse-error:error");
  EXPECT_EQ(raised.status, 1);
  EXPECT_PRED2(contains, raised.out, "src/broken.js:2:1: error: ");
  const auto fatal = nlohmann::json::parse(tree.fanout("check --format json --rule parse-error:error").out);
  EXPECT_EQ(fatal[0]["messages"][0]["severity"], 2);
  EXPECT_EQ(fatal[0]["fatalErrorCount"], 1);
  EXPECT_EQ(tree.fanout("check --rule parse-error:off --format compact").out, "");

  tree.write("fanout.jsonc", R"({ "rules": { "parse-error": "error" } })");
  EXPECT_EQ(tree.fanout("check").status, 1);
  EXPECT_EQ(nlohmann::json::parse(tree.fanout("check --print-config src/broken.js").out)["rules"]["parse-error"],
            "error");
}

// --- paths relative to the repository root ----------------------------------------------

TEST(HonestReports, SarifAndGithubPathsStartAtTheRepositoryRoot) {
  TempTree tree;
  fs::remove_all(tree / ".git");
  ASSERT_EQ(std::system(fmt::format("git init -q '{}'", tree.path().string()).c_str()), 0);
  tree.write("packages/api/src/a.js", kFanout);
  const auto sarif = tree.fanout("check --format sarif", "packages/api");
  EXPECT_EQ(sarif.status, 1) << sarif.err;
  const auto log = nlohmann::json::parse(sarif.out);
  const auto& run = log["runs"][0];
  const auto& artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(artifact["uri"], "packages/api/src/a.js");
  EXPECT_EQ(artifact["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            fmt::format("file://{}/", fs::canonical(tree.path()).string()));
  EXPECT_PRED2(contains, tree.fanout("check --format github", "packages/api").out, "file=packages/api/src/a.js,");
  EXPECT_PRED2(contains, tree.fanout("check --format gitlab", "packages/api").out,
               "\"path\": \"packages/api/src/a.js\"");
  // What people read keeps the path they typed.
  EXPECT_EQ(tree.fanout("check --format compact", "packages/api").out.rfind("src/a.js:2:9:", 0), 0u);

  // Outside a work tree the working directory is the root.
  fs::remove_all(tree / ".git");
  const auto plain = nlohmann::json::parse(tree.fanout("check --format sarif", "packages/api").out);
  EXPECT_EQ(plain["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/a.js");
}

// --- a typo in a suppression is reported -------------------------------------------------

TEST(HonestReports, UnknownRuleInASuppressionIsReportedByDefault) {
  TempTree tree;
  tree.write("src/jobs.js", std::string(R"(export async function run(items) {
  // fanout-disable-next-line unbounded-promise-al -- typo
  await Promise.all(items.map(async (x) => work(x)));
}
)"));
  tree.write("src/other.js", "// fanout-disable-line no-such-rule\nexport const a = 1;\n");
  const auto run = tree.fanout("check --format compact");
  EXPECT_EQ(run.status, 1);
  EXPECT_PRED2(contains, run.out,
               "src/jobs.js:2:3: warning: `fanout-disable-next-line` names `unbounded-promise-al`, which is not a "
               "fanout rule [unused-suppression]");
  EXPECT_PRED2(contains, run.out, "src/jobs.js:3:9: error:");
  // In a file with nothing else to report too.
  EXPECT_PRED2(contains, run.out, "src/other.js:1:1: warning: `fanout-disable-line` names `no-such-rule`");
  // Known but unused ids stay quiet unless asked for.
  tree.write("src/other.js", "// fanout-disable-line async-foreach\nexport const a = 1;\n");
  EXPECT_FALSE(contains(tree.fanout("check --format compact src/other.js").out, "unused-suppression"));
}

// --- names and source text are escaped -----------------------------------------------------

TEST(HonestReports, FileNamesWithNewlinesAndControlCharactersAreEscaped) {
  TempTree tree;
  const std::string name = "src/evil\n\x1b[31mname.js";
  tree.write(name, "const s = \"\x1b]0;title\x07\";\nawait Promise.all(items.map((x) => work(x)));\n");
  const auto compact = tree.fanout("check --format compact");
  EXPECT_EQ(compact.status, 1);
  EXPECT_EQ(compact.out,
            "src/evil\\n\\x1b[31mname.js:2:7: error: `Promise.all` starts one `work` per element of `items` at once "
            "[unbounded-promise-all]\n");
  for (const char* format : {"text", "stylish", "github"}) {
    const auto run = tree.fanout(fmt::format("check --format {}", format));
    EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << format << ":\n" << run.out;
    EXPECT_FALSE(contains(run.out, "evil\n")) << format;
    EXPECT_PRED2(contains, run.out, "evil") << format;
  }
  // The code frame shows the string's control characters as pictures.
  tree.write("src/frame.js", "const s = \"\x1b[2J\"; await Promise.all(items.map((x) => work(x)));\n");
  const auto text = tree.fanout("check src/frame.js");
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_PRED2(contains, text.out, "const s = \"\xe2\x90\x9b[2J\"; await Promise.all(");
}

}  // namespace
}  // namespace fanout
