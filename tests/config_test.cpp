// The --config loader: JSON with comments and trailing commas into
// AnalysisOptions, and one error naming file, line and key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/config.hpp"

namespace fanout::config {
namespace {

// gmock is not linked: a predicate prints both strings on failure.
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Loaded {
  AnalysisOptions options;
  std::string error;
};

Loaded apply(std::string_view text) {
  Loaded loaded;
  if (auto error = apply_config(text, "cfg/fanout.json", loaded.options)) loaded.error = *error;
  return loaded;
}

TEST(Config, ReadsEveryKey) {
  const Loaded loaded = apply(R"({
    "$schema": "https://example.com/fanout.schema.json",
    "rules": {
      "unbounded-promise-all": "warn",
      "async-foreach": ["off", {}],
      "unknown-collection": ["error"]
    },
    "maxLiteralElements": 32,
    "fix": {"style": "custom", "concurrency": 4, "callee": "PromiseUtils.mapSeries", "import": "./lib/promise-utils"},
    "helpers": {
      "map": [{"callee": "PromiseUtils.map", "collectionArg": 0, "optionsArg": 2,
               "limitOption": "limit", "unlimitedByDefault": false},
              {"callee": "mapAll"}],
      "batch": [{"callee": "inBatches", "callbackArg": 2}]
    }
  })");
  ASSERT_EQ(loaded.error, "");
  const AnalysisOptions& o = loaded.options;
  EXPECT_EQ(o.severities.at("unbounded-promise-all"), Severity::warn);
  EXPECT_EQ(o.severities.at("async-foreach"), Severity::off);
  EXPECT_EQ(o.severities.at("unknown-collection"), Severity::error);
  EXPECT_EQ(o.max_literal_elements, 32U);
  EXPECT_EQ(o.fix.style, FixStyle::custom);
  EXPECT_EQ(o.fix.concurrency, 4U);
  EXPECT_EQ(o.fix.custom_callee, "PromiseUtils.mapSeries");
  EXPECT_EQ(o.fix.custom_import, "./lib/promise-utils");
  EXPECT_EQ(std::filesystem::path(o.fix.repo_root).filename(), "cfg");
  ASSERT_EQ(o.map_helpers.size(), 2U);
  EXPECT_EQ(o.map_helpers[0].callee, "PromiseUtils.map");
  EXPECT_EQ(o.map_helpers[0].options_arg, 2U);
  EXPECT_EQ(o.map_helpers[0].limit_option, "limit");
  EXPECT_FALSE(o.map_helpers[0].unlimited_by_default);
  EXPECT_EQ(o.map_helpers[1].callee, "mapAll");
  EXPECT_EQ(o.map_helpers[1].collection_arg, 0U);
  EXPECT_FALSE(o.map_helpers[1].options_arg.has_value());
  EXPECT_EQ(o.map_helpers[1].limit_option, "concurrency");
  EXPECT_TRUE(o.map_helpers[1].unlimited_by_default);
  ASSERT_EQ(o.batch_helpers.size(), 1U);
  EXPECT_EQ(o.batch_helpers[0].callee, "inBatches");
  EXPECT_EQ(o.batch_helpers[0].callback_arg, 2U);
}

TEST(Config, EmptyObjectKeepsDefaults) {
  const Loaded loaded = apply("{}");
  ASSERT_EQ(loaded.error, "");
  EXPECT_EQ(loaded.options.max_literal_elements, AnalysisOptions{}.max_literal_elements);
  EXPECT_EQ(loaded.options.fix.style, FixStyle::automatic);
  EXPECT_TRUE(loaded.options.severities.empty());
}

TEST(Config, AcceptsCommentsAndTrailingCommas) {
  const Loaded loaded = apply(R"(// fanout configuration
{
  /* severities */
  "rules": {
    "unbounded-promise-all": "warn", // a team decision
  },
  "helpers": {
    "map": [
      {"callee": "a,}//b", /* not a comment in the string */ "limitOption": "x/*y*/",},
    ],
  },
  "fix": {"style": "p-map", "concurrency": 16 /* , */ , },
}
)");
  ASSERT_EQ(loaded.error, "");
  EXPECT_EQ(loaded.options.severities.at("unbounded-promise-all"), Severity::warn);
  ASSERT_EQ(loaded.options.map_helpers.size(), 1U);
  EXPECT_EQ(loaded.options.map_helpers[0].callee, "a,}//b");
  EXPECT_EQ(loaded.options.map_helpers[0].limit_option, "x/*y*/");
  EXPECT_EQ(loaded.options.fix.style, FixStyle::p_map);
  EXPECT_EQ(loaded.options.fix.concurrency, 16U);
}

TEST(Config, OnlyTrailingCommasAreForgiven) {
  for (const char* text : {"{,}", "{\"rules\": [,]}", "{\"fix\": {\"style\": \"p-map\",,}}", "{\"fix\":,}"}) {
    EXPECT_PRED2(contains, apply(text).error, "invalid JSON") << text;
  }
}

TEST(Config, WrongTypeNamesFileLineAndKey) {
  EXPECT_EQ(apply("{\n  \"maxLiteralElements\": \"10\"\n}").error,
            "cfg/fanout.json:2: maxLiteralElements: expected a whole number of at least 0, got \"10\"");
  EXPECT_EQ(apply("{\n\"fix\": {\n  \"concurrency\": 0\n}}").error,
            "cfg/fanout.json:3: fix.concurrency: expected a whole number of at least 1, got 0");
  EXPECT_EQ(apply("{\"fix\": {\"concurrency\": 2.5}}").error,
            "cfg/fanout.json:1: fix.concurrency: expected a whole number of at least 1, got 2.5");
  EXPECT_EQ(apply("{\"rules\": []}").error, "cfg/fanout.json:1: rules: expected an object, got array");
  EXPECT_EQ(apply("[]").error, "cfg/fanout.json:1: top level: expected an object, got array");
  EXPECT_EQ(apply("{\"helpers\": {\"map\": [\n{\"callee\": \"m\"},\n{\"callee\": \"n\", \"unlimitedByDefault\": 1}]}}")
                .error,
            "cfg/fanout.json:3: helpers.map[1].unlimitedByDefault: expected true or false, got 1");
}

TEST(Config, BadValuesNameTheKey) {
  EXPECT_PRED2(contains, apply("{\"rules\": {\"unbounded-promise-all\": \"loud\"}}").error, "cfg/fanout.json:1: rules.unbounded-promise-all: expected a severity");
  EXPECT_PRED2(contains, apply("{\"rules\": {\"async-foreach\": [\"warn\", {\"x\": 1}]}}").error, "rules.async-foreach[1].x: unknown key");
  // The styles are listed from their table (kFixStyles), whatever it holds.
  EXPECT_PRED2(contains, apply("{\"fix\": {\"style\": \"fast\"}}").error,
               "fix.style: expected one of \"auto\", \"bluebird\", \"p-map\", \"for-of\", \"custom\", got \"fast\"");
  EXPECT_PRED2(contains, apply("{\"fix\": {\"style\": \"fast\"}}").error,
               "fix.style: expected one of " + joined_names(kFixStyles, ", ", "\"") + ", got \"fast\"");
  EXPECT_PRED2(contains, apply("{\"fix\": {\"style\": \"custom\"}}").error, "fix.style: \"custom\" needs \"fix.callee\"");
  EXPECT_EQ(apply("{\"helpers\": {\"batch\": [\n  {\"callbackArg\": 1}]}}").error,
            "cfg/fanout.json:2: helpers.batch[0]: missing required key \"callee\"");
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  EXPECT_PRED2(contains, apply("{\n  \"rules\": {},\n  \"maxLiteral\": 3\n}").error, "cfg/fanout.json:3: maxLiteral: unknown key; expected one of");
  EXPECT_PRED2(contains, apply("{\"helpers\": {\n  \"map\": [\n    {\"callee\": \"m\",\n     \"colectionArg\": 1}]}}").error, "cfg/fanout.json:4: helpers.map[0].colectionArg: unknown key");
  const std::string unknown_rule = apply("{\"rules\": {\n\n\"no-such-rule\": \"warn\"}}").error;
  EXPECT_PRED2(contains, unknown_rule, "cfg/fanout.json:3: rules.no-such-rule: unknown rule; known rules:");
  EXPECT_PRED2(contains, unknown_rule, "unbounded-promise-all");
}

TEST(Config, DuplicateKeyIsAnError) {
  EXPECT_EQ(apply("{\"maxLiteralElements\": 1,\n \"maxLiteralElements\": 2}").error,
            "cfg/fanout.json:2: maxLiteralElements: key given twice");
}

TEST(Config, InvalidJsonNamesTheLine) {
  const std::string error = apply("{\n  \"rules\": {\n    \"async-foreach\" \"off\"\n  }\n}").error;
  EXPECT_PRED2(contains, error, "cfg/fanout.json:3: invalid JSON: ");
  EXPECT_PRED2(contains, apply("").error, "cfg/fanout.json:1: invalid JSON");
}

TEST(Config, ErrorLeavesOptionsUntouched) {
  AnalysisOptions options;
  options.max_literal_elements = 7;
  EXPECT_TRUE(apply_config("{\"maxLiteralElements\": 99, \"bogus\": 1}", "x.json", options).has_value());
  EXPECT_EQ(options.max_literal_elements, 7U);
}

TEST(Config, LoadsFromDiskAndReportsMissingFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "fanout-config-test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "fanout.json").string();
  std::ofstream(path) << "{ \"maxLiteralElements\": 5, }\n";
  AnalysisOptions options;
  EXPECT_EQ(load_config(path, options), std::nullopt);
  EXPECT_EQ(options.max_literal_elements, 5U);

  const auto missing = load_config((dir / "nope.json").string(), options);
  ASSERT_TRUE(missing.has_value());
  EXPECT_PRED2(contains, *missing, "nope.json: cannot read configuration: No such file");
  const auto folder = load_config(dir.string(), options);
  ASSERT_TRUE(folder.has_value());
  EXPECT_PRED2(contains, *folder, "is a folder");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fanout::config
