// Suppression comments: each form, the JSX form, ranges, the file-level
// form, required reasons, unused directives, and look-alikes in strings.
#include <gtest/gtest.h>

#include <algorithm>

#include "diag/suppressions.hpp"
#include "fanout/analyzer.hpp"
#include "temp_tree.hpp"

namespace fanout {
namespace {

using fanout::testing::contains;

// Rule id and 1-based line of each finding.
std::vector<std::string> findings(std::string text, AnalysisOptions options = {}, Language language = Language::javascript) {
  Analyzer analyzer(options);
  const FileResult result = analyzer.analyze("t.js", std::move(text), language);
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    out.push_back(fmt::format("{}:{}", d.rule_id, result.file->position(d.span.start).line));
  }
  return out;
}

using List = std::vector<std::string>;

constexpr const char* kCall = "await Promise.all(items.map(async (x) => work(x)));";

TEST(Suppressions, WithoutACommentTheFindingIsReported) {
  EXPECT_EQ(findings(fmt::format("{}\n", kCall)), List{"unbounded-promise-all:1"});
}

TEST(Suppressions, NextLine) {
  EXPECT_EQ(findings(fmt::format("// fanout-disable-next-line unbounded-promise-all -- at most 3\n{0}\n{0}\n", kCall)),
            List{"unbounded-promise-all:3"});
  // Another rule's name does not suppress.
  EXPECT_EQ(findings(fmt::format("// fanout-disable-next-line async-foreach\n{}\n", kCall)),
            List{"unbounded-promise-all:2"});
  // No rule list: every rule. A list with commas: each rule named.
  EXPECT_EQ(findings(fmt::format("// fanout-disable-next-line\n{}\n", kCall)), List{});
  EXPECT_EQ(findings(fmt::format("/* fanout-disable-next-line async-foreach, unbounded-promise-all */\n{}\n", kCall)),
            List{});
}

TEST(Suppressions, SameLine) {
  EXPECT_EQ(findings(fmt::format("{0} // fanout-disable-line unbounded-promise-all\n{0}\n", kCall)),
            List{"unbounded-promise-all:2"});
}

TEST(Suppressions, Ranges) {
  const std::string text = fmt::format(
      "{0}\n/* fanout-disable unbounded-promise-all */\n{0}\n{0}\n/* fanout-enable unbounded-promise-all */\n{0}\n",
      kCall);
  EXPECT_EQ(findings(text), (List{"unbounded-promise-all:1", "unbounded-promise-all:6"}));
  // Without an enable the range runs to the end of the file.
  EXPECT_EQ(findings(fmt::format("{0}\n/* fanout-disable */\n{0}\n{0}\n", kCall)), List{"unbounded-promise-all:1"});
  // Everything off, one rule back on.
  EXPECT_EQ(findings(fmt::format("/* fanout-disable */\n/* fanout-enable unbounded-promise-all */\n{}\n", kCall)),
            List{"unbounded-promise-all:3"});
}

TEST(Suppressions, FileLevel) {
  EXPECT_EQ(findings(fmt::format("/* fanout-disable */\nimport x from 'x';\n{0}\nitems.forEach(async (i) => work(i));\n", kCall)),
            List{});
}

TEST(Suppressions, JsxExpressionComment) {
  const std::string text =
      "export function List({ items }) {\n"
      "  return (\n"
      "    <ul>\n"
      "      {/* fanout-disable-next-line async-foreach -- only logs */}\n"
      "      {items.forEach(async (item) => log(item))}\n"
      "      {items.forEach(async (item) => log(item))}\n"
      "    </ul>\n"
      "  );\n"
      "}\n";
  EXPECT_EQ(findings(text, {}, Language::tsx), List{"async-foreach:6"});
}

TEST(Suppressions, TextInsideStringsIsNoDirective) {
  EXPECT_EQ(findings(fmt::format("const s = '// fanout-disable-line unbounded-promise-all'; {}\n", kCall)),
            List{"unbounded-promise-all:1"});
  EXPECT_EQ(findings(fmt::format("const t = `\n/* fanout-disable */`;\n{}\n", kCall)), List{"unbounded-promise-all:3"});
}

TEST(Suppressions, ReasonsCanBeRequired) {
  AnalysisOptions options;
  options.require_suppression_reason = true;
  EXPECT_EQ(findings(fmt::format("// fanout-disable-next-line unbounded-promise-all\n{}\n", kCall), options),
            List{"suppression-without-reason:1"});
  EXPECT_EQ(findings(fmt::format("// fanout-disable-next-line unbounded-promise-all -- 3 regions\n{}\n", kCall), options),
            List{});
  // ` -- ` with nothing after it is no reason.
  EXPECT_EQ(findings(fmt::format("{} // fanout-disable-line --\n", kCall), options), List{"suppression-without-reason:1"});
  // The pre-filter lets a file whose only finding is the directive through.
  EXPECT_EQ(findings("// fanout-disable-next-line\nconst a = 1;\n", options), List{"suppression-without-reason:1"});
}

TEST(Suppressions, UnusedDirectivesAreReportedWhenAsked) {
  const std::string text = fmt::format(
      "// fanout-disable-next-line unbounded-promise-all, async-foreach\n{}\nconst a = 1; // fanout-disable-line\n", kCall);
  EXPECT_EQ(findings(text), List{});
  AnalysisOptions options;
  options.unused_suppression_severity = Severity::warn;
  EXPECT_EQ(findings(text, options), (List{"unused-suppression:1", "unused-suppression:3"}));
  Analyzer analyzer(options);
  const FileResult result = analyzer.analyze("t.js", text, Language::javascript);
  ASSERT_EQ(result.diagnostics.size(), 2U);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warn);
  EXPECT_PRED2(contains, result.diagnostics[0].message, "no `async-foreach` finding here");
  // A misspelt rule id says so.
  const FileResult typo = analyzer.analyze("t.js", fmt::format("{} // fanout-disable-line unbounded-promise-al\n", kCall),
                                           Language::javascript);
  ASSERT_EQ(typo.diagnostics.size(), 2U);
  EXPECT_PRED2(contains, typo.diagnostics[1].message, "names `unbounded-promise-al`, which is not a fanout rule");
  // A file with nothing but an unused directive is parsed despite the pre-filter.
  EXPECT_EQ(findings("// fanout-disable-next-line\nconst a = 1;\n", options), List{"unused-suppression:1"});
}

TEST(Suppressions, ParseErrorsAreNeverSuppressed) {
  EXPECT_EQ(findings(fmt::format("/* fanout-disable */\n{}\nconst = ;\n", kCall)), List{"parse-error:3"});
}

// Removes every comment holding a directive, keeping the line breaks.
std::string without_directives(std::string text) {
  for (auto at = text.find("fanout-"); at != std::string::npos; at = text.find("fanout-", at)) {
    const auto line = text.rfind("//", at);
    const auto block = text.rfind("/*", at);
    const bool is_block = block != std::string::npos && (line == std::string::npos || block > line);
    const auto start = is_block ? block : line;
    const auto end = is_block ? text.find("*/", at) + 2 : text.find('\n', at);
    text.erase(start, end - start);
    at = start;
  }
  return text;
}

TEST(Suppressions, ReadmeSnippetsSuppressEverythingTheyName) {
  const auto js = fanout::testing::readme_blocks("Suppressions", "js");
  const auto jsx = fanout::testing::readme_blocks("Suppressions", "jsx");
  ASSERT_EQ(js.size(), 1U);
  ASSERT_EQ(jsx.size(), 1U);
  AnalysisOptions strict_about_comments;
  strict_about_comments.require_suppression_reason = true;
  strict_about_comments.unused_suppression_severity = Severity::error;
  for (const auto& [text, language] : {std::pair{js[0], Language::javascript}, std::pair{jsx[0], Language::tsx}}) {
    EXPECT_EQ(findings(text, strict_about_comments, language), List{}) << text;
    // Without the comments the same code has findings: the comments did it.
    EXPECT_FALSE(findings(without_directives(text), {}, language).empty()) << without_directives(text);
  }
}

TEST(SuppressionsCli, UnusedSeverityFlagDecidesTheExitStatus) {
  fanout::testing::TempTree tree;
  tree.write("a.js", "// fanout-disable-next-line unbounded-promise-all\nconst a = 1;\n");
  EXPECT_EQ(tree.fanout("check").status, 0);
  const auto run = tree.fanout("check --format compact --report-unused-disable-directives-severity error");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_PRED2(contains, run.out, "a.js:1:1: error: `fanout-disable-next-line` suppresses nothing");
  EXPECT_EQ(tree.fanout("check --report-unused-disable-directives-severity loud").status, 2);
  tree.write("fanout.json", R"({ "requireSuppressionReason": true })");
  const auto reasons = tree.fanout("check --format compact");
  EXPECT_PRED2(contains, reasons.out, "[suppression-without-reason]");
}

TEST(SuppressionsCli, ConfigurationReportsUnusedDirectivesAndTheFlagOverridesIt) {
  fanout::testing::TempTree tree;
  tree.write("a.js", "// fanout-disable-next-line unbounded-promise-all\nconst a = 1;\n");
  tree.write("legacy/b.js", "// fanout-disable-next-line\nconst b = 1;\n");
  tree.write("fanout.json", R"({
    "reportUnusedDisableDirectives": "error",
    "overrides": [{ "files": ["legacy/**"], "reportUnusedDisableDirectives": false }]
  })");
  const auto run = tree.fanout("check --format compact");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_PRED2(contains, run.out, "a.js:1:1: error: `fanout-disable-next-line` suppresses nothing");
  EXPECT_FALSE(contains(run.out, "b.js")) << run.out;  // the override turned it off there
  // The flag, when given, wins over every file's configuration.
  EXPECT_EQ(tree.fanout("check --report-unused-disable-directives-severity off").status, 0);
  const auto warned = tree.fanout("check --format compact --report-unused-disable-directives-severity warn");
  EXPECT_EQ(warned.status, 0) << warned.err;
  EXPECT_PRED2(contains, warned.out, "b.js:1:1: warning: `fanout-disable-next-line` suppresses nothing");
  // ESLint's `true` means "warn"; anything else is a clear error.
  tree.write("fanout.json", R"({ "reportUnusedDisableDirectives": true })");
  EXPECT_PRED2(contains, tree.fanout("check --format compact").out, "a.js:1:1: warning:");
  tree.write("fanout.json", R"({ "reportUnusedDisableDirectives": "loud" })");
  const auto invalid = tree.fanout("check");
  EXPECT_EQ(invalid.status, 2);
  EXPECT_PRED2(contains, invalid.err, "reportUnusedDisableDirectives: expected a severity");
}

}  // namespace
}  // namespace fanout
