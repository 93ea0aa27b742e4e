// Configuration discovery on temporary trees: the nearest file wins, extends
// chains and cycles, `root`, the package.json fallback, overrides, ignore
// patterns, --print-config and `fanout init`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/discovery.hpp"
#include "config/glob.hpp"
#include "temp_tree.hpp"

namespace fanout::config {
namespace {

using fanout::testing::contains;
using fanout::testing::TempTree;

constexpr const char* kFanout = "export async function run(items) {\n"
                                "  await Promise.all(items.map(async (x) => work(x)));\n"
                                "}\n";

struct Resolved {
  FileConfig config;
  std::string error;
};

Resolved resolve(ConfigResolver& resolver, const TempTree& tree, std::string_view file) {
  Resolved resolved;
  if (auto error = resolver.resolve((tree / file).string(), resolved.config)) resolved.error = *error;
  return resolved;
}

Resolved resolve(const TempTree& tree, std::string_view file) {
  ConfigResolver resolver("", nullptr);
  return resolve(resolver, tree, file);
}

Severity severity(const Resolved& resolved, const std::string& rule) {
  const auto& severities = resolved.config.options->severities;
  const auto it = severities.find(rule);
  return it == severities.end() ? Severity::error : it->second;
}

TEST(Discovery, NearestConfigurationWinsAndNothingMerges) {
  TempTree tree;
  tree.write("fanout.jsonc", R"({ "rules": { "async-foreach": "warn" } })");
  tree.write("sub/fanout.json", R"({ "maxLiteralElements": 3 })");
  ConfigResolver resolver("", nullptr);
  const Resolved top = resolve(resolver, tree, "a.js");
  const Resolved deep = resolve(resolver, tree, "sub/deeper/b.js");
  ASSERT_EQ(top.error, "");
  ASSERT_EQ(deep.error, "");
  EXPECT_EQ(severity(top, "async-foreach"), Severity::warn);
  EXPECT_EQ(top.config.options->max_literal_elements, 16U);
  EXPECT_EQ(deep.config.options->max_literal_elements, 3U);
  EXPECT_EQ(severity(deep, "async-foreach"), Severity::error);
  // Files under one configuration share one options object (one Analyzer).
  EXPECT_EQ(resolve(resolver, tree, "c.js").config.options, top.config.options);
}

TEST(Discovery, JsoncBeatsJsonBeatsPackageJsonInOneFolder) {
  TempTree tree;
  tree.write("fanout.jsonc", R"({ "maxLiteralElements": 1 })");
  tree.write("fanout.json", R"({ "maxLiteralElements": 2 })");
  tree.write("package.json", R"({ "name": "x", "fanout": { "maxLiteralElements": 3 } })");
  EXPECT_EQ(resolve(tree, "a.js").config.options->max_literal_elements, 1U);
  std::filesystem::remove(tree / "fanout.jsonc");
  EXPECT_EQ(resolve(tree, "a.js").config.options->max_literal_elements, 2U);
  std::filesystem::remove(tree / "fanout.json");
  EXPECT_EQ(resolve(tree, "a.js").config.options->max_literal_elements, 3U);
}

TEST(Discovery, PackageJsonWithoutTheKeyIsNoConfiguration) {
  TempTree tree;
  tree.write("fanout.json", R"({ "maxLiteralElements": 5 })");
  tree.write("app/package.json", R"({ "name": "app" })");
  tree.write("lib/package.json", R"({ "name": "lib", "fanout": { "maxLiteralElements": 7 } })");
  EXPECT_EQ(resolve(tree, "app/a.js").config.options->max_literal_elements, 5U);
  EXPECT_EQ(resolve(tree, "lib/a.js").config.options->max_literal_elements, 7U);
  EXPECT_TRUE(contains(resolve(tree, "lib/a.js").config.source, "package.json"));
}

TEST(Discovery, PackageJsonKeySpelledWithAnEscapeIsStillFound) {
  // The text scan that spares parsing most package.json files must not miss
  // the key when JSON spells it with a \u escape.
  TempTree tree;
  tree.write("fanout.json", R"({ "maxLiteralElements": 5 })");
  tree.write("lib/package.json", R"({ "name": "lib", "\u0066anout": { "maxLiteralElements": 7 } })");
  EXPECT_EQ(resolve(tree, "lib/a.js").config.options->max_literal_elements, 7U);
}

TEST(Discovery, ABrokenPackageJsonIsNoConfiguration) {
  TempTree tree;
  tree.write("fanout.json", R"({ "maxLiteralElements": 5 })");
  tree.write("fixtures/package.json", "{ \"name\": ");
  const Resolved resolved = resolve(tree, "fixtures/a.js");
  EXPECT_EQ(resolved.error, "");
  EXPECT_EQ(resolved.config.options->max_literal_elements, 5U);
}

TEST(Discovery, PackageJsonErrorsNameTheFanoutKey) {
  TempTree tree;
  tree.write("package.json", "{\n  \"name\": \"x\",\n  \"fanout\": {\n    \"maxLiteralElements\": -1\n  }\n}\n");
  EXPECT_PRED2(contains, resolve(tree, "a.js").error, "package.json:4: fanout.maxLiteralElements: expected a whole number");
}

TEST(Discovery, ExtendsChainsAppliesBasesFirst) {
  TempTree tree;
  tree.write("shared/core.json", R"({ "maxLiteralElements": 1, "rules": { "async-foreach": "info" } })");
  tree.write("shared/base.jsonc", R"({ "extends": "core.json", "maxLiteralElements": 2,
                                      "helpers": { "batch": [{ "callee": "inBatches" }] } })");
  tree.write("app/fanout.json", R"({ "extends": ["../shared/base.jsonc"], "rules": { "unbounded-promise-all": "warn" },
                                    "helpers": { "batch": [{ "callee": "inChunks" }] } })");
  const Resolved resolved = resolve(tree, "app/src/a.js");
  ASSERT_EQ(resolved.error, "");
  EXPECT_EQ(resolved.config.options->max_literal_elements, 2U);
  EXPECT_EQ(severity(resolved, "async-foreach"), Severity::info);
  EXPECT_EQ(severity(resolved, "unbounded-promise-all"), Severity::warn);
  ASSERT_EQ(resolved.config.options->batch_helpers.size(), 2U);
  EXPECT_EQ(resolved.config.options->batch_helpers[0].callee, "inBatches");
}

TEST(Discovery, ExtendsCycleIsAnError) {
  TempTree tree;
  tree.write("fanout.json", "{\n  \"extends\": \"a.json\"\n}\n");
  tree.write("a.json", "{\n  \"extends\": \"b.json\"\n}\n");
  tree.write("b.json", "{\n  \"rules\": {},\n  \"extends\": [\"a.json\"]\n}\n");
  const Resolved resolved = resolve(tree, "x.js");
  EXPECT_PRED2(contains, resolved.error, "b.json:3: extends: circular extends: a.json -> b.json -> a.json");
}

TEST(Discovery, ExtendsOfAMissingFileIsAnError) {
  TempTree tree;
  tree.write("fanout.json", "{\n  \"extends\": \"nope.json\"\n}\n");
  EXPECT_PRED2(contains, resolve(tree, "x.js").error, "fanout.json:2: extends: cannot find `nope.json`");
}

TEST(Discovery, IgnorePatternsOfParentsApplyUntilRoot) {
  TempTree tree;
  tree.write("fanout.json", R"({ "ignorePatterns": ["gen/", "*.min.js", "!keep.min.js"] })");
  tree.write("pkg/fanout.json", R"({ "maxLiteralElements": 4 })");
  EXPECT_TRUE(resolve(tree, "pkg/gen/a.js").config.ignored);
  EXPECT_TRUE(resolve(tree, "lib/x.min.js").config.ignored);
  EXPECT_FALSE(resolve(tree, "lib/keep.min.js").config.ignored);
  EXPECT_FALSE(resolve(tree, "pkg/src/a.js").config.ignored);
  EXPECT_EQ(resolve(tree, "pkg/gen/a.js").config.options->max_literal_elements, 4U);

  tree.write("pkg/fanout.json", R"({ "root": true, "maxLiteralElements": 4 })");
  EXPECT_FALSE(resolve(tree, "pkg/gen/a.js").config.ignored);
}

TEST(Discovery, TheRepositoryRootEndsTheWalk) {
  TempTree tree;
  tree.write("../fanout.json", R"({ "maxLiteralElements": 9 })");
  EXPECT_EQ(resolve(tree, "a.js").config.source, "");
  EXPECT_EQ(resolve(tree, "a.js").config.options->max_literal_elements, 16U);
}

TEST(Discovery, OverridesMatchGlobsRelativeToTheConfigurationAndLaterWins) {
  TempTree tree;
  tree.write("app/fanout.jsonc", R"({
    "rules": { "unbounded-promise-all": "error" },
    "overrides": [
      { "files": ["**/*.test.{js,ts}"], "rules": { "unbounded-promise-all": "off" } },
      { "files": ["legacy/**"], "rules": { "unbounded-promise-all": "info" }, "maxLiteralElements": 2 },
      { "files": ["legacy/old.test.js"], "rules": { "unbounded-promise-all": "warn" } }
    ]
  })");
  EXPECT_EQ(severity(resolve(tree, "app/src/a.js"), "unbounded-promise-all"), Severity::error);
  EXPECT_EQ(severity(resolve(tree, "app/src/a.test.ts"), "unbounded-promise-all"), Severity::off);
  const Resolved legacy = resolve(tree, "app/legacy/deep/b.js");
  EXPECT_EQ(severity(legacy, "unbounded-promise-all"), Severity::info);
  EXPECT_EQ(legacy.config.options->max_literal_elements, 2U);
  EXPECT_EQ(severity(resolve(tree, "app/legacy/old.test.js"), "unbounded-promise-all"), Severity::warn);
}

TEST(Discovery, AnInvalidOverrideFailsEvenWhenNoFileMatchesIt) {
  TempTree tree;
  tree.write("fanout.json", "{\n  \"overrides\": [\n    { \"files\": [\"x/**\"],\n      \"rules\": { \"nope\": \"off\" } }\n  ]\n}\n");
  EXPECT_PRED2(contains, resolve(tree, "a.js").error, "fanout.json:4: overrides[0].rules.nope: unknown rule");
  tree.write("fanout.json", R"({ "overrides": [{ "rules": {} }] })");
  EXPECT_PRED2(contains, resolve(tree, "a.js").error, "overrides[0]: missing required key \"files\"");
}

TEST(Discovery, ExplicitConfigDisablesLookup) {
  TempTree tree;
  tree.write("sub/fanout.json", R"({ "maxLiteralElements": 3 })");
  tree.write("other.json", R"({ "maxLiteralElements": 5, "ignorePatterns": ["skip/"] })");
  ConfigResolver resolver((tree / "other.json").string(), nullptr);
  EXPECT_EQ(resolve(resolver, tree, "sub/a.js").config.options->max_literal_elements, 5U);
  EXPECT_TRUE(resolve(resolver, tree, "skip/a.js").config.ignored);
}

TEST(Discovery, FlagsApplyOverEveryConfiguration) {
  TempTree tree;
  tree.write("fanout.json", R"({ "rules": { "async-foreach": "warn" } })");
  ConfigResolver resolver("", [](AnalysisOptions& options) -> std::optional<std::string> {
    options.strict = true;
    return std::nullopt;
  });
  EXPECT_TRUE(resolve(resolver, tree, "a.js").config.options->strict);
}

TEST(Glob, GitignoreAndOverrideSyntax) {
  EXPECT_TRUE(glob_match("*.js", "a/b/c.js"));
  EXPECT_FALSE(glob_match("src/*.js", "src/a/c.js"));
  EXPECT_TRUE(glob_match("src/**/*.js", "src/c.js"));
  EXPECT_TRUE(glob_match("src/**/*.js", "src/a/b/c.js"));
  EXPECT_TRUE(glob_match("**/*.{test,spec}.ts", "x/a.spec.ts"));
  EXPECT_TRUE(glob_match("file[0-9].js", "file7.js"));
  EXPECT_FALSE(glob_match("file[!0-9].js", "file7.js"));
  EXPECT_TRUE(glob_match("/top.js", "top.js"));

  const auto patterns = [](std::initializer_list<std::string_view> lines) {
    std::vector<IgnorePattern> out;
    for (std::string_view line : lines) {
      IgnorePattern pattern;
      if (parse_ignore_pattern(line, "/r", pattern)) out.push_back(pattern);
    }
    return out;
  };
  EXPECT_TRUE(is_ignored(patterns({"build/"}), "/r/a/build/x.js"));
  EXPECT_FALSE(is_ignored(patterns({"build/"}), "/r/a/build"));
  EXPECT_TRUE(is_ignored(patterns({"/dist"}), "/r/dist/x.js"));
  EXPECT_FALSE(is_ignored(patterns({"/dist"}), "/r/a/dist/x.js"));
  EXPECT_FALSE(is_ignored(patterns({"*.js", "!keep.js"}), "/r/keep.js"));
  // A file inside an ignored folder cannot be re-included (as in git).
  EXPECT_TRUE(is_ignored(patterns({"gen/", "!gen/keep.js"}), "/r/gen/keep.js"));
  EXPECT_FALSE(is_ignored(patterns({"# comment", ""}), "/r/a.js"));
  EXPECT_FALSE(is_ignored(patterns({"*.js"}), "/elsewhere/a.js"));
}

// --- the command line ---------------------------------------------------------

TEST(DiscoveryCli, EachFileIsCheckedWithItsOwnConfiguration) {
  TempTree tree;
  tree.write("fanout.json", R"({ "overrides": [{ "files": ["warn/**"], "rules": { "unbounded-promise-all": "warn" } }] })");
  tree.write("err/a.js", kFanout);
  tree.write("warn/b.js", kFanout);
  tree.write("off/fanout.json", R"({ "rules": { "unbounded-promise-all": "off" } })");
  tree.write("off/c.js", kFanout);
  const auto run = tree.fanout("check --format compact -j 2");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_PRED2(contains, run.out, "err/a.js:2:9: error:");
  EXPECT_PRED2(contains, run.out, "warn/b.js:2:9: warning:");
  EXPECT_FALSE(contains(run.out, "off/c.js")) << run.out;
}

TEST(DiscoveryCli, IgnoredFilesAreSkippedEvenWhenNamed) {
  TempTree tree;
  tree.write("fanout.jsonc", "// generated code is not ours\n{ \"ignorePatterns\": [\"generated/\"] }\n");
  tree.write("generated/a.js", kFanout);
  tree.write("src/b.js", "export const b = 1;\n");
  const auto walked = tree.fanout("check --format compact");
  EXPECT_EQ(walked.status, 0) << walked.out << walked.err;
  const auto named = tree.fanout("check --format json generated/a.js");
  EXPECT_EQ(named.status, 0) << named.out << named.err;
  EXPECT_EQ(named.err, "");
  EXPECT_EQ(nlohmann::json::parse(named.out), nlohmann::json::array());
}

TEST(DiscoveryCli, AnInvalidDiscoveredConfigurationExitsTwo) {
  TempTree tree;
  tree.write("src/fanout.json", "{\n  \"rules\": {\n    \"bogus\": \"warn\"\n  }\n}\n");
  tree.write("src/a.js", kFanout);
  const auto run = tree.fanout("check");
  EXPECT_EQ(run.status, 2);
  EXPECT_PRED2(contains, run.err, "fanout.json:3: rules.bogus: unknown rule");
  EXPECT_EQ(run.out, "");
  // Even a folder with no file to check reports it.
  std::filesystem::create_directories(tree / "src/empty");
  EXPECT_EQ(tree.fanout("check src/empty").status, 2);
}

TEST(DiscoveryCli, PrintConfigShowsTheEffectiveOptionsWithFlags) {
  TempTree tree;
  tree.write("fanout.json", R"({ "rules": { "async-foreach": "warn" },
                                  "overrides": [{ "files": ["*.ts"], "maxLiteralElements": 4 }] })");
  const auto run = tree.fanout("check --print-config src/a.ts --rule unbounded-library-map:off --strict");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto printed = nlohmann::json::parse(run.out);
  EXPECT_EQ(printed["rules"]["async-foreach"], "warn");
  EXPECT_EQ(printed["rules"]["unbounded-library-map"], "off");
  EXPECT_EQ(printed["rules"]["unknown-collection"], "info");
  EXPECT_EQ(printed["maxLiteralElements"], 4);
  // What it prints is itself a valid configuration.
  tree.write("printed.json", run.out);
  AnalysisOptions options;
  EXPECT_EQ(load_config((tree / "printed.json").string(), options), std::nullopt);
}

TEST(DiscoveryCli, InitWritesAStarterAndNeverOverwrites) {
  TempTree tree;
  const auto first = tree.fanout("init");
  ASSERT_EQ(first.status, 0) << first.err;
  const std::string written = tree.read("fanout.jsonc");
  EXPECT_PRED2(contains, written, "// ");
  AnalysisOptions options;
  EXPECT_EQ(load_config((tree / "fanout.jsonc").string(), options), std::nullopt);
  tree.write("fanout.jsonc", "{}");
  const auto second = tree.fanout("init");
  EXPECT_EQ(second.status, 2);
  EXPECT_PRED2(contains, second.err, "fanout.jsonc already exists");
  EXPECT_EQ(tree.read("fanout.jsonc"), "{}");
}

}  // namespace
}  // namespace fanout::config
