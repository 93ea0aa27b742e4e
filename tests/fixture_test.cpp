// One parameterised test over every fixture in rules/*/fixtures (style.md:
// Tests). A finding without an expectation is noisy, an expectation without a
// finding is missing; both fail. `.fixed.` pairs check the rewrite.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "fanout/analyzer.hpp"
#include "fixture_support.hpp"

namespace fanout::testing {
namespace {

namespace fs = std::filesystem;

std::string test_name(const fs::path& path) {
  // `<rule-id>/<file>` with characters GoogleTest accepts.
  std::string name = path.parent_path().parent_path().filename().string() + "__" + path.filename().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class FixtureTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(FixtureTest, FindingsMatchExpectations) {
  const Fixture fixture = load_fixture(GetParam());
  ASSERT_TRUE(fixture.header_error.empty()) << fixture.header_error;
  const std::string display = fs::relative(fixture.path, FANOUT_SOURCE_DIR).generic_string();
  Analyzer analyzer(fixture.options);
  const FileResult result = analyzer.analyze(display, fixture.text, checked_kind_for_path(display));
  const bool valid = fixture.path.filename().string().starts_with("valid-");
  if (valid) EXPECT_TRUE(fixture.expectations.empty()) << "valid-* fixtures carry no expectation";

  std::vector<bool> met(fixture.expectations.size(), false);
  for (const Diagnostic& d : result.diagnostics) {
    const Position at = result.file->position(d.span.start);
    const Position end = result.file->position(d.span.end);
    bool expected = false;
    for (std::size_t i = 0; i < fixture.expectations.size(); ++i) {
      const Expectation& e = fixture.expectations[i];
      if (met[i] || e.line != at.line || e.rule != d.rule_id) continue;
      if (e.column && (*e.column != at.byte_column || (end.line == at.line && *e.end_column != end.byte_column))) {
        continue;
      }
      met[i] = expected = true;
      if (!e.refused.empty()) {
        // A refusal: the rewrite is only suggested, with a reason that fits.
        EXPECT_TRUE(d.fix && d.fix->applicability == Applicability::display_only)
            << fmt::format("{}:{}: the fix must be a suggestion only", display, e.line);
        EXPECT_TRUE(d.fix && d.fix->title.find(e.refused) != std::string::npos)
            << fmt::format("{}:{}: the suggestion lacks `{}`: {}", display, e.line, e.refused,
                           d.fix ? d.fix->title : std::string("(no fix)"));
      }
      break;
    }
    EXPECT_TRUE(expected) << fmt::format("noisy: {}:{}:{}: {} [{}]", display, at.line, at.byte_column, d.message,
                                         d.rule_id);
  }
  for (std::size_t i = 0; i < fixture.expectations.size(); ++i) {
    const Expectation& e = fixture.expectations[i];
    EXPECT_TRUE(met[i]) << fmt::format("missing: {}:{}: expected {}{}", display, e.line, e.rule,
                                       e.column ? fmt::format(" at columns {}-{}", *e.column, *e.end_column) : "");
  }
}

fs::path fixed_pair(const fs::path& path) {
  fs::path fixed = path;
  fixed.replace_extension();
  fixed += ".fixed" + path.extension().string();
  return fixed;
}

std::vector<fs::path> fixtures_with_pairs() {
  std::vector<fs::path> out;
  for (const auto& path : all_fixtures(FANOUT_SOURCE_DIR)) {
    if (fs::exists(fixed_pair(path))) out.push_back(path);
  }
  return out;
}

class FixedPairTest : public ::testing::TestWithParam<fs::path> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FixedPairTest);

TEST_P(FixedPairTest, MatchesAndSettles) {
  const fs::path path = GetParam();
  const fs::path fixed = fixed_pair(path);
  const Fixture fixture = load_fixture(path);
  const std::string display = fs::relative(path, FANOUT_SOURCE_DIR).generic_string();
  const SourceKind kind = checked_kind_for_path(display);
  Analyzer analyzer(fixture.options);
  const std::string once = fix_until_stable(analyzer, display, fixture.text, kind);
  if (std::getenv("FANOUT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(fixed, std::ios::binary) << once;  // reviewed as a diff, like every golden
  }
  std::ifstream in(fixed, std::ios::binary);
  const std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(once, want) << "fixed output differs from " << fixed.filename();
  EXPECT_EQ(fix_until_stable(analyzer, display, once, kind), once) << "a second --fix changed the file";
  EXPECT_LE(analyzer.syntax_error_count(once, kind), analyzer.syntax_error_count(fixture.text, kind))
      << "the fixed file has new syntax errors";
}

INSTANTIATE_TEST_SUITE_P(Rules, FixtureTest, ::testing::ValuesIn(all_fixtures(FANOUT_SOURCE_DIR)),
                         [](const auto& info) { return test_name(info.param); });
INSTANTIATE_TEST_SUITE_P(Rules, FixedPairTest, ::testing::ValuesIn(fixtures_with_pairs()),
                         [](const auto& info) { return test_name(info.param); });

}  // namespace
}  // namespace fanout::testing
