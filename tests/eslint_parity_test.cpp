// Issue 17, "Why": what a team arriving from ESLint reaches for, run end to
// end on the built binary. Each test is one bullet of the issue and failed
// before the change it names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "temp_tree.hpp"

namespace fanout {
namespace {

using testing::contains;
using testing::TempTree;

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";

// --- missing flags --------------------------------------------------------------

// A reviewer can stop a file-level `fanout-disable` from silencing the check.
TEST(EslintFlags, NoInlineConfigIgnoresSuppressionComments) {
  TempTree tree;
  tree.write("src/jobs.js", std::string("/* fanout-disable */\n") + kFanout);
  EXPECT_EQ(tree.fanout("check").status, 0);
  const auto run = tree.fanout("check --no-inline-config --format compact");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "src/jobs.js:3:9: error:");
  // Nor are the ignored comments themselves reported as unused.
  EXPECT_FALSE(contains(tree.fanout("check --no-inline-config --report-unused-disable-directives --format compact").out,
                        "unused-suppression"));
}

TEST(EslintFlags, IgnorePatternSkipsFilesRelativeToTheWorkingDirectory) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("src/gen/out.js", kFanout);
  tree.write("scripts/seed.js", kFanout);
  const auto run = tree.fanout("check --format compact --ignore-pattern gen/ --ignore-pattern '/scripts'");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_PRED2(contains, run.out, "src/jobs.js:");
  EXPECT_FALSE(contains(run.out, "gen/out.js")) << run.out;
  EXPECT_FALSE(contains(run.out, "seed.js")) << run.out;
  // A file named directly is skipped silently too (hooks pass every changed file).
  const auto named = tree.fanout("check --ignore-pattern 'src/gen/**' src/gen/out.js");
  EXPECT_EQ(named.status, 0) << named.out << named.err;
  // From a sub-folder, patterns are relative to it.
  EXPECT_EQ(tree.fanout("check --ignore-pattern jobs.js .", "src").status, 1);
  EXPECT_EQ(tree.fanout("check --ignore-pattern jobs.js --ignore-pattern 'gen/' .", "src").status, 0);
}

TEST(EslintFlags, IgnorePathReadsGitignoreSyntaxRelativeToItsFolder) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("src/legacy/old.js", kFanout);
  tree.write("config/.fanoutignore", "# old code\n/legacy-not-here\n*.js\n!jobs.js\n");
  // Relative to config/: `*.js` matches nothing outside it.
  EXPECT_EQ(tree.fanout("check --ignore-path config/.fanoutignore --format compact").status, 1);
  tree.write(".fanoutignore", "# old code\nsrc/legacy/\n");
  const auto run = tree.fanout("check --ignore-path .fanoutignore --format compact");
  EXPECT_EQ(run.status, 1);
  EXPECT_PRED2(contains, run.out, "src/jobs.js:");
  EXPECT_FALSE(contains(run.out, "old.js")) << run.out;
  const auto missing = tree.fanout("check --ignore-path nope.txt");
  EXPECT_EQ(missing.status, 2);
  EXPECT_PRED2(contains, missing.err, "nope.txt");
}

TEST(EslintFlags, NoIgnoreChecksWhatPatternsWouldSkip) {
  TempTree tree;
  tree.write("fanout.jsonc", R"({ "ignorePatterns": ["dist/"] })");
  tree.write("dist/bundle.js", kFanout);
  EXPECT_EQ(tree.fanout("check").status, 0);
  const auto run = tree.fanout("check --no-ignore --ignore-pattern 'dist/' --format compact");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "dist/bundle.js:");
}

TEST(EslintFlags, NoConfigLookupUsesTheDefaults) {
  TempTree tree;
  tree.write("fanout.jsonc", R"({ "rules": { "unbounded-promise-all": "off" } })");
  tree.write("src/jobs.js", kFanout);
  EXPECT_EQ(tree.fanout("check").status, 0);
  EXPECT_EQ(tree.fanout("check --no-config-lookup").status, 1);
  const auto print = tree.fanout("check --no-config-lookup --print-config src/jobs.js");
  EXPECT_EQ(nlohmann::json::parse(print.out)["rules"]["unbounded-promise-all"], "error");
  // With --config, that file still applies.
  EXPECT_EQ(tree.fanout("check --no-config-lookup --config fanout.jsonc").status, 0);
}

// ESLint's bare flag reports unused directives as errors.
TEST(EslintFlags, BareReportUnusedDisableDirectivesReportsErrors) {
  TempTree tree;
  tree.write("src/a.js", "// fanout-disable-next-line unbounded-promise-all\nconst a = 1;\n");
  EXPECT_EQ(tree.fanout("check").status, 0);
  const auto run = tree.fanout("check --report-unused-disable-directives --format compact");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "src/a.js:1:1: error: ");
  EXPECT_PRED2(contains, run.out, "[unused-suppression]");
  EXPECT_EQ(tree.fanout("check --report-unused-disable-directives --report-unused-disable-directives-severity warn")
                .status,
            2);
}

// --- broken -------------------------------------------------------------------------

TEST(EslintFlags, MaxWarningsMinusOneMeansNoLimit) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  const auto run = tree.fanout("check --max-warnings -1 --rule unbounded-promise-all:warn");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const auto bad = tree.fanout("check --max-warnings -2");
  EXPECT_EQ(bad.status, 2);
  EXPECT_PRED2(contains, bad.err, "--max-warnings");
  EXPECT_FALSE(contains(bad.err, "0.000000")) << bad.err;
  EXPECT_FALSE(contains(bad.err, "17976931348623157")) << bad.err;
}

TEST(EslintFlags, ColorTakesAlwaysNeverOrAuto) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  for (const char* always : {"--color=always", "--color"}) {
    const auto run = tree.fanout(fmt::format("check {}", always));
    EXPECT_EQ(run.status, 1) << always << run.err;
    EXPECT_PRED2(contains, run.out, "\x1b[") << always;
  }
  for (const char* never : {"--color=never", "--color=auto", "--no-color"}) {
    const auto run = tree.fanout(fmt::format("check {}", never));  // stdout is a file: auto is off
    EXPECT_EQ(run.status, 1) << never << run.err;
    EXPECT_FALSE(contains(run.out, "\x1b[")) << never;
  }
  const auto bad = tree.fanout("check --color=sometimes");
  EXPECT_EQ(bad.status, 2);
  EXPECT_FALSE(contains(bad.err, "Could not convert")) << bad.err;
  EXPECT_PRED2(contains, bad.err, "always");
}

// --- surprising -------------------------------------------------------------------------

// stylish and JSON show info findings as warnings: --max-warnings counts them.
TEST(EslintFlags, InfoFindingsCountTowardMaxWarnings) {
  TempTree tree;
  tree.write("src/a.js", "export async function f(jobs) {\n  await Promise.all(this.jobs);\n}\n");
  const auto stylish = tree.fanout("check --strict --format stylish");
  EXPECT_PRED2(contains, stylish.out, "1 problem (0 errors, 1 warning)");
  EXPECT_EQ(stylish.status, 0);
  const auto run = tree.fanout("check --strict --max-warnings 0");
  EXPECT_EQ(run.status, 1) << run.out;
  EXPECT_EQ(tree.fanout("check --strict --max-warnings 1").status, 0);
}

TEST(EslintFlags, MaxWarningsMessageIsInGoodEnglish) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  const auto one = tree.fanout("check --rule unbounded-promise-all:warn --max-warnings 0");
  EXPECT_EQ(one.status, 1);
  EXPECT_PRED2(contains, one.err, "fanout: 1 finding below error level");
  EXPECT_FALSE(contains(one.err, "1 warnings")) << one.err;
}

TEST(EslintFlags, SeverityAcceptsWarningAndEslintNumbers) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("fanout.jsonc", R"({ "rules": { "unbounded-promise-all": 1, "async-foreach": 0, "unbounded-library-map": "warning" } })");
  const auto print = tree.fanout("check --print-config src/jobs.js");
  ASSERT_EQ(print.status, 0) << print.err;
  const auto rules = nlohmann::json::parse(print.out)["rules"];
  EXPECT_EQ(rules["unbounded-promise-all"], "warn");
  EXPECT_EQ(rules["async-foreach"], "off");
  EXPECT_EQ(rules["unbounded-library-map"], "warn");
  EXPECT_EQ(tree.fanout("check").status, 0);
  tree.write("fanout.jsonc", R"({ "rules": { "unbounded-promise-all": 2 } })");
  EXPECT_EQ(tree.fanout("check").status, 1);
  EXPECT_EQ(tree.fanout("check --rule unbounded-promise-all:1").status, 0);
  // The error lists every accepted spelling.
  tree.write("fanout.jsonc", R"({ "rules": { "unbounded-promise-all": 3 } })");
  const auto bad = tree.fanout("check");
  EXPECT_EQ(bad.status, 2);
  EXPECT_PRED2(contains, bad.err, "\"warning\"");
  EXPECT_PRED2(contains, bad.err, "0, 1, 2");
}

// The README says an invalid configuration stops the run.
TEST(EslintFlags, PackageJsonWithAFanoutKeyAndAJsonErrorStopsTheRun) {
  TempTree tree;
  tree.write("src/jobs.js", kFanout);
  tree.write("package.json", "{\n  \"name\": \"app\",\n  \"fanout\": { \"rules\": { \"unbounded-promise-all\": \"off\" } },\n"
                             "  \"scripts\": { \"test\": \"jest\", }\n  oops\n}\n");
  const auto run = tree.fanout("check");
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_PRED2(contains, run.err, "package.json:5: invalid JSON");
  // A broken package.json without the key is some other tool's file.
  tree.write("package.json", "{ \"name\": \"fixture\", oops }\n");
  EXPECT_EQ(tree.fanout("check").status, 1);
}

TEST(EslintFlags, MissingPathIsNotCalledACleanRun) {
  TempTree tree;
  const auto run = tree.fanout("check missing.js");
  EXPECT_EQ(run.status, 2);
  EXPECT_PRED2(contains, run.err, "missing.js");
  EXPECT_FALSE(contains(run.out, "No problems found")) << run.out;
  EXPECT_PRED2(contains, run.out, "1 path could not be checked");
}

TEST(EslintFlags, NamedTextFileIsNotParsedAsJavaScript) {
  TempTree tree;
  tree.write("notes.txt", "await Promise.all(items.map((x) => work(x)));\n");
  tree.write("bin/serve", "#!/usr/bin/env node\nawait Promise.all(items.map((x) => work(x)));\n");
  const auto run = tree.fanout("check --format compact notes.txt bin/serve");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "notes.txt:1:1: info: not checked: not a JavaScript or TypeScript file");
  EXPECT_FALSE(contains(run.out, "notes.txt:1:7")) << run.out;
  // A node script without an ending is JavaScript.
  EXPECT_PRED2(contains, run.out, "bin/serve:2:7: error:");
}

TEST(EslintFlags, NamedFileWithAnyOtherEndingIsChecked) {
  // cli.md: a file named directly is checked whatever its ending; only the
  // endings of other well-known text formats are skipped.
  TempTree tree;
  tree.write("legacy/app.es6", "await Promise.all(items.map((x) => work(x)));\n");
  tree.write("scripts/deploy", "await Promise.all(items.map((x) => work(x)));\n");
  tree.write("README.MD", "await Promise.all(items.map((x) => work(x)));\n");
  const auto run = tree.fanout("check --format compact legacy/app.es6 scripts/deploy README.MD");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "legacy/app.es6:1:7: error:");
  EXPECT_PRED2(contains, run.out, "scripts/deploy:1:7: error:");
  EXPECT_PRED2(contains, run.out, "README.MD:1:1: info: not checked");
}

TEST(EslintFlags, PrintConfigSaysWhereTheConfigurationCameFrom) {
  TempTree tree;
  tree.write("base.json", R"({ "rules": { "async-foreach": "warn" } })");
  tree.write("packages/api/fanout.jsonc", R"({ "extends": "../../base.json" })");
  tree.write("packages/api/a.js", kFanout);
  const auto run = tree.fanout("check --print-config packages/api/a.js");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_PRED2(contains, run.err, "configuration from");
  EXPECT_PRED2(contains, run.err, "base.json, then packages/api/fanout.jsonc");
  EXPECT_TRUE(nlohmann::json::parse(run.out).is_object()) << run.out;  // stdout stays a configuration
  const auto none = tree.fanout("check --print-config other.js");
  EXPECT_PRED2(contains, none.err, "no configuration file applies");
}

TEST(EslintFlags, InitMentionsTheCacheFile) {
  TempTree tree;
  const auto run = tree.fanout("init");
  EXPECT_EQ(run.status, 0);
  EXPECT_PRED2(contains, run.out, ".fanoutcache");
  EXPECT_PRED2(contains, run.out, ".gitignore");
  // Not when .gitignore already lists it.
  tree.write(".gitignore", "node_modules/\n/.fanoutcache\n");
  std::filesystem::remove(tree / "fanout.jsonc");
  EXPECT_FALSE(contains(tree.fanout("init").out, ".fanoutcache"));
}

TEST(EslintFlags, ChangedSinceInAShallowCloneHintsAtTheFetchDepth) {
  TempTree tree;
  std::filesystem::remove_all(tree / ".git");
  tree.write("origin/a.js", "export const a = 1;\n");
  const auto git = [&](const std::string& script) {
    const std::string command = fmt::format(
        "cd '{}' && export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t "
        "GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@e && {} >/dev/null 2>&1",
        tree.path().string(), script);
    return std::system(command.c_str());
  };
  ASSERT_EQ(git("cd origin && git init -q -b main . && git add . && git commit -q -m one && git checkout -q -b "
                "feature && echo 'export const b = 2;' > b.js && git add . && git commit -q -m two && git commit -q "
                "--allow-empty -m three && git checkout -q main && echo 'export const c = 3;' > c.js && git add . && "
                "git commit -q -m four"),
            0);
  ASSERT_EQ(git("git clone -q --depth 1 --branch feature \"file://$PWD/origin\" shallow && cd shallow && git fetch -q "
                "--depth 1 origin main:main"),
            0);
  const auto run = tree.fanout("check --changed-since main", "shallow");
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_PRED2(contains, run.err, "shallow clone");
  EXPECT_PRED2(contains, run.err, "fetch-depth: 0");
  EXPECT_PRED2(contains, run.err, "GIT_DEPTH");
}

// --- and the Done-when line -------------------------------------------------------------

TEST(EslintFlags, HelpListsEveryFormat) {
  TempTree tree;
  const auto help = tree.fanout("check --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_PRED2(contains, help.out, "{text,stylish,compact,json,sarif,github,gitlab,junit,checkstyle}");
  for (const char* flag : {"--no-inline-config", "--ignore-pattern", "--ignore-path", "--no-ignore",
                           "--no-config-lookup", "--report-unused-disable-directives "}) {
    EXPECT_PRED2(contains, help.out, flag);
  }
}

}  // namespace
}  // namespace fanout
