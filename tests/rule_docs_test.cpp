// The registry and the docs beside each rule follow the conventions of
// style.md: one folder per rule id, fixed README headings, tested examples,
// and messages in house style.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "fanout/analyzer.hpp"
#include "fanout/rule.hpp"
#include "fixture_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

const fs::path kRules = fs::path(FANOUT_SOURCE_DIR) / "rules";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The body of a `## Heading` section.
std::string section(const std::string& doc, const std::string& heading) {
  const auto start = doc.find("\n## " + heading + "\n");
  if (start == std::string::npos) return {};
  const auto body = start + heading.size() + 5;
  const auto end = doc.find("\n## ", body);
  return doc.substr(body, end == std::string::npos ? std::string::npos : end - body);
}

std::vector<std::string> code_blocks(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex block("```(?:js|ts)\\n([\\s\\S]*?)```");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), block); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

TEST(Registry, IdsAreUniqueAndMatchTheirFolders) {
  std::set<std::string_view> seen;
  for (const Rule* rule : all_rules()) {
    const auto id = rule->meta().id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
    EXPECT_TRUE(fs::is_directory(kRules / std::string(id))) << "no folder rules/" << id;
    EXPECT_FALSE(rule->meta().summary.empty()) << id;
    EXPECT_FALSE(rule->meta().kinds.empty()) << id;
    EXPECT_FALSE(rule->meta().needles.empty()) << id << " declares no pre-filter needle";
    EXPECT_EQ(find_rule(id), rule);
  }
  for (const auto& entry : fs::directory_iterator(kRules)) {
    if (entry.is_directory()) EXPECT_NE(find_rule(entry.path().filename().string()), nullptr) << entry.path();
  }
}

TEST(Registry, EveryRuleHasValidAndInvalidFixtures) {
  for (const Rule* rule : all_rules()) {
    bool valid = false, invalid = false;
    for (const auto& entry : fs::directory_iterator(kRules / std::string(rule->meta().id) / "fixtures")) {
      const std::string name = entry.path().filename().string();
      valid = valid || name.starts_with("valid-");
      invalid = invalid || name.starts_with("invalid-");
    }
    EXPECT_TRUE(valid && invalid) << rule->meta().id;
  }
}

TEST(Registry, FixAvailabilityIffFixedFixturePairs) {
  // style.md: a rule that fixes code has at least one `name.fixed.ext` pair,
  // and a rule with such a pair declares its fix.
  for (const Rule* rule : all_rules()) {
    const std::string id(rule->meta().id);
    bool pair = false;
    for (const auto& entry : fs::directory_iterator(kRules / id / "fixtures")) {
      const std::string name = entry.path().filename().string();
      const auto fixed = name.find(".fixed.");
      if (fixed == std::string::npos) continue;
      pair = true;
      const std::string input = name.substr(0, fixed) + name.substr(fixed + 6);
      EXPECT_TRUE(fs::exists(entry.path().parent_path() / input)) << id << ": " << name << " has no input " << input;
    }
    EXPECT_EQ(rule->meta().fix != FixAvailability::none, pair)
        << id << ": declares fix " << (rule->meta().fix != FixAvailability::none ? "available" : "none")
        << " but has " << (pair ? "" : "no ") << "`.fixed.` fixture pair";
  }
}

TEST(Registry, RulesIncludeOnlyThePublicContract) {
  // The build enforces it (rules/ is compiled with include/ as its only
  // project include directory); this names the offending line.
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  for (const auto& entry : fs::recursive_directory_iterator(kRules)) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    std::istringstream lines(read(entry.path()));
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_search(line, m, include)) {
        EXPECT_TRUE(m[1].str().starts_with("fanout/")) << entry.path() << ": " << line;
      }
    }
  }
}

TEST(RuleDocs, HaveTheFixedHeadingsAndAreEmbedded) {
  const std::vector<std::string> headings = {"What it finds", "Why it matters", "Example", "Use instead",
                                             "Options",       "Fix safety",     "Related rules"};
  for (const Rule* rule : all_rules()) {
    const std::string id(rule->meta().id);
    const std::string doc = read(kRules / id / "README.md");
    EXPECT_TRUE(doc.starts_with("# " + id + "\n")) << id;
    std::size_t at = 0;
    for (const auto& h : headings) {
      const auto found = doc.find("\n## " + h + "\n", at);
      EXPECT_NE(found, std::string::npos) << id << ": missing or misplaced heading " << h;
      if (found != std::string::npos) at = found;
    }
    EXPECT_EQ(rule_doc(id), doc) << id << ": the embedded doc is stale";
  }
}

TEST(RuleDocs, ExamplesProduceExactlyTheirFinding) {
  for (const Rule* rule : all_rules()) {
    const std::string id(rule->meta().id);
    const std::string doc = read(kRules / id / "README.md");
    AnalysisOptions options;
    options.strict = rule->meta().strict_only;
    Analyzer analyzer(options);
    const auto examples = code_blocks(section(doc, "Example"));
    ASSERT_FALSE(examples.empty()) << id;
    const FileResult bad = analyzer.analyze("example.js", examples.front(), Language::javascript);
    ASSERT_EQ(bad.diagnostics.size(), 1u) << id << ": the Example block must produce exactly one finding";
    EXPECT_EQ(bad.diagnostics[0].rule_id, id);
    for (const auto& good : code_blocks(section(doc, "Use instead"))) {
      const FileResult result = analyzer.analyze("use-instead.js", good, Language::javascript);
      EXPECT_TRUE(result.diagnostics.empty()) << id << ": a Use instead block produced "
                                              << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
    }
  }
}

TEST(RuleMessages, FollowHouseStyle) {
  // Lower case (or code) first, no final period, code in backticks.
  for (const auto& path : testing::all_fixtures(FANOUT_SOURCE_DIR)) {
    const auto fixture = testing::load_fixture(path);
    Analyzer analyzer(fixture.options);
    const FileResult result = analyzer.analyze(path.filename().string(), fixture.text, language_for_path(path.string()));
    for (const Diagnostic& d : result.diagnostics) {
      for (const std::string* text : {&d.message, &d.help}) {
        if (text->empty()) continue;
        const char first = text->front();
        EXPECT_TRUE(first == '`' || (first >= 'a' && first <= 'z')) << path.filename() << ": " << *text;
        EXPECT_NE(text->back(), '.') << path.filename() << ": " << *text;
        EXPECT_EQ(std::count(text->begin(), text->end(), '`') % 2, 0) << path.filename() << ": " << *text;
      }
      if (d.rule_id != kParseErrorId) EXPECT_FALSE(d.help.empty()) << path.filename() << ": " << d.message;
    }
  }
}

}  // namespace
}  // namespace fanout
