// schema/fanout.schema.json against every sample configuration: the README's
// ```jsonc blocks, tests/config/samples, and what `fanout init` writes. Each
// must also load with the C++ loader, and the invalid samples must fail both.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "fanout/report.hpp"
#include "fanout/rule.hpp"
#include "temp_tree.hpp"

namespace fanout::config {
namespace {

namespace fs = std::filesystem;
using fanout::testing::slurp;

struct Sample {
  std::string name;  ///< where it comes from, for failure messages
  std::string text;  ///< JSONC
  bool package_json = false;
};

// The ```json and ```jsonc blocks of a Markdown file that configure fanout:
// a package.json with a "fanout" key, or an object with a configuration key
// (other JSON, such as a lint-staged setup, is not ours to check).
std::vector<Sample> markdown_samples(const fs::path& file) {
  static const std::vector<std::string> kKeys = {"$schema", "root", "extends", "ignorePatterns", "overrides", "format", "rules",
                                                 "maxLiteralElements", "fix", "helpers", "requireSuppressionReason",
                                                 "reportUnusedDisableDirectives"};
  std::vector<Sample> samples;
  const std::string text = slurp(file);
  static const std::regex block(R"(```jsonc?\n([\s\S]*?)```)");
  std::size_t index = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), block); it != std::sregex_iterator(); ++it) {
    Sample sample{.name = fmt::format("{} block {}", file.filename().string(), ++index), .text = (*it)[1].str()};
    const auto value = nlohmann::json::parse(prepare_jsonc(sample.text).text, nullptr, false, true);
    sample.package_json = value.is_object() && value.contains("fanout");
    const bool config = value.is_object() && std::any_of(kKeys.begin(), kKeys.end(), [&](const std::string& key) {
                          return value.contains(key);
                        });
    if (sample.package_json || config || value.is_discarded()) samples.push_back(std::move(sample));
  }
  return samples;
}

std::vector<Sample> folder_samples(const fs::path& folder) {
  std::vector<Sample> samples;
  for (const auto& entry : fs::directory_iterator(folder)) {
    samples.push_back(Sample{.name = entry.path().filename().string(),
                             .text = slurp(entry.path()),
                             .package_json = entry.path().filename() == "package.json"});
  }
  return samples;
}

std::vector<Sample> valid_samples() {
  const fs::path source(FANOUT_SOURCE_DIR);
  std::vector<Sample> samples = markdown_samples(source / "README.md");
  for (const auto& entry : fs::directory_iterator(source / "rules")) {
    if (fs::exists(entry.path() / "README.md")) {
      for (Sample& sample : markdown_samples(entry.path() / "README.md")) samples.push_back(std::move(sample));
    }
  }
  for (Sample& sample : folder_samples(source / "tests/config/samples")) samples.push_back(std::move(sample));
  samples.push_back(Sample{.name = "fanout init", .text = std::string(cli::starter_config())});
  return samples;
}

// The configuration as plain JSON for ajv (comments and trailing commas gone).
std::string plain_json(const Sample& sample) {
  auto value = nlohmann::json::parse(prepare_jsonc(sample.text).text, nullptr, true, /*ignore_comments=*/true);
  return (sample.package_json ? value["fanout"] : value).dump(2);
}

// Runs the validator over every sample; returns its status and output.
std::pair<int, std::string> validate(const std::vector<Sample>& samples, const fs::path& folder) {
  const fs::path tools = fs::path(FANOUT_SOURCE_DIR) / "tests" / "tools";
  std::string files;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const fs::path file = folder / fmt::format("{:02}.json", i);
    std::ofstream(file, std::ios::binary) << plain_json(samples[i]);
    files += fmt::format(" '{}'", file.string());
  }
  const fs::path log = folder / "log";
  const std::string command =
      fmt::format("node '{}' '{}' {} >'{}' 2>&1", (tools / "validate-config.mjs").string(),
                  (fs::path(FANOUT_SOURCE_DIR) / "schema" / "fanout.schema.json").string(), files, log.string());
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(log)};
}

class ConfigSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(std::system("node --version > /dev/null 2>&1"), 0) << "node is not on PATH";
    ASSERT_TRUE(fs::exists(fs::path(FANOUT_SOURCE_DIR) / "tests/tools/node_modules/ajv/package.json"))
        << "run `npm ci` in tests/tools";
  }
  fanout::testing::TempTree tree_;
};

TEST_F(ConfigSchema, EverySampleValidatesAndLoads) {
  const std::vector<Sample> samples = valid_samples();
  // The README's Configuration block, the three sample files and init at least.
  ASSERT_GE(samples.size(), 5U);
  const auto [status, log] = validate(samples, tree_.path());
  EXPECT_EQ(status, 0) << log;
  for (const Sample& sample : samples) {
    // Loaded where it lies, so that `extends` finds its neighbours.
    const fs::path folder = tree_ / "load";
    fs::create_directories(folder);
    fs::copy(fs::path(FANOUT_SOURCE_DIR) / "tests/config/samples", folder, fs::copy_options::overwrite_existing);
    const fs::path file = folder / (sample.package_json ? "package.json" : "sample.jsonc");
    std::ofstream(file, std::ios::binary) << sample.text;
    ConfigDocument document;
    EXPECT_EQ(read_document(file.string(), sample.package_json, document), std::nullopt) << sample.name;
  }
}

TEST_F(ConfigSchema, InvalidSamplesFailBothTheSchemaAndTheLoader) {
  for (Sample& sample : folder_samples(fs::path(FANOUT_SOURCE_DIR) / "tests/config/invalid")) {
    const std::vector<Sample> one = {sample};
    EXPECT_EQ(validate(one, tree_.path()).first, 1) << sample.name;
    AnalysisOptions options;
    EXPECT_TRUE(apply_config(sample.text, sample.name, options).has_value()) << sample.name;
  }
}

// The names users type live in tables; the schema must list the same ones.
TEST(ConfigSchemaTables, FormatsAndRuleIdsMatchTheTables) {
  const auto schema = nlohmann::json::parse(slurp(fs::path(FANOUT_SOURCE_DIR) / "schema" / "fanout.schema.json"));
  std::vector<std::string> formats;
  for (const FormatName& row : format_names()) formats.emplace_back(row.name);
  EXPECT_EQ(schema["properties"]["format"]["enum"], nlohmann::json(formats));
  std::vector<std::string> ids;
  for (const auto& [id, setting] : schema["definitions"]["rules"]["properties"].items()) ids.push_back(id);
  std::vector<std::string> expected = {std::string(kParseErrorId)};
  for (const Rule* rule : all_rules()) expected.emplace_back(rule->meta().id);
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  for (const std::string& id : expected) EXPECT_TRUE(configurable_id(id)) << id;
}

TEST_F(ConfigSchema, FormatKeyIsReadValidatedAndPrinted) {
  tree_.write("fanout.jsonc", R"({ "format": "gitlab" })");
  tree_.write("src/a.js", "await Promise.all(rows.map((r) => save(r)));\n");
  const auto run = tree_.fanout("check");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)[0]["check_name"], "unbounded-promise-all");
  EXPECT_EQ(tree_.fanout("check --format compact").out.rfind("src/a.js:1:7: error:", 0), 0u);
  EXPECT_EQ(nlohmann::json::parse(tree_.fanout("check --print-config src/a.js").out)["format"], "gitlab");
  tree_.write("fanout.jsonc", R"({ "format": "xml" })");
  const auto bad = tree_.fanout("check");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("fanout.jsonc:1: format: expected one of \"text\""), std::string::npos) << bad.err;
  // A run-wide setting: not in overrides.
  tree_.write("fanout.jsonc", R"({ "overrides": [{ "files": ["*.js"], "format": "json" }] })");
  EXPECT_EQ(tree_.fanout("check").status, 2);
}

nlohmann::json schema() {
  return nlohmann::json::parse(slurp(fs::path(FANOUT_SOURCE_DIR) / "schema" / "fanout.schema.json"));
}

TEST(ConfigSchemaTables, RulesAreTheRegistry) {
  const nlohmann::json loaded = schema();
  std::set<std::string> in_schema;
  for (const auto& [id, value] : loaded["definitions"]["rules"]["properties"].items()) in_schema.insert(id);
  std::set<std::string> registered;
  for (const Rule* rule : all_rules()) registered.insert(std::string(rule->meta().id));
  registered.insert(std::string(kParseErrorId));  // configurable like a rule (severity only)
  EXPECT_EQ(in_schema, registered) << "schema/fanout.schema.json definitions.rules lists other rules than the registry";
}

TEST(ConfigSchemaTables, FixStylesAreTheTable) {
  std::vector<std::string> in_schema = schema()["definitions"]["fix"]["properties"]["style"]["enum"];
  std::vector<std::string> table;
  for (const auto& row : kFixStyles) table.emplace_back(row.name);
  EXPECT_EQ(in_schema, table) << "schema/fanout.schema.json fix.style lists other styles than kFixStyles";
}

TEST(ConfigSchemaTables, PrintConfigAndTheReaderSpellEveryStyle) {
  for (const auto& row : kFixStyles) {
    AnalysisOptions options;
    options.fix.custom_callee = "PromiseUtils.mapSeries";  // custom needs a callee
    const std::string config = fmt::format(R"({{"fix": {{"style": "{}", "callee": "PromiseUtils.mapSeries"}}}})", row.name);
    ASSERT_EQ(apply_config(config, "fanout.json", options), std::nullopt) << row.name;
    EXPECT_EQ(options.fix.style, row.value) << row.name;
    EXPECT_EQ(options_to_json(options)["fix"]["style"], row.name);
  }
}

}  // namespace
}  // namespace fanout::config
