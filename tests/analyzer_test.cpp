// The per-file pipeline on inputs that are not tidy source: invalid UTF-8 in
// strings and comments, a BOM with CRLF, deep nesting, the pre-filter.
#include <gtest/gtest.h>

#include <string>

#include "fanout/analyzer.hpp"

namespace fanout {
namespace {

constexpr const char* kFanout = "async function f(xs) { return Promise.all(xs.map((x) => g(x))); }\n";

TEST(Analyzer, InvalidUtf8InStringsAndCommentsDoesNotStopAnalysis) {
  // Policy: bytes that are not UTF-8 are analysed as they are (tree-sitter reads
  // them as U+FFFD); only a NUL byte makes a file binary (src/files/read.cpp).
  const std::string text = std::string("const s = '\xff\xfe caf\xc3';\n// \x80\x81 note\n") + kFanout;
  Analyzer analyzer(AnalysisOptions{});
  const FileResult result = analyzer.analyze("bad-utf8.js", text, Language::javascript);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].rule_id, "unbounded-promise-all");
  EXPECT_EQ(result.file->position(result.diagnostics[0].span.start).line, 3u);
}

TEST(Analyzer, BomAndCrlfKeepPositions) {
  const std::string text = std::string("\xEF\xBB\xBF// header\r\n") +
                           "async function f(xs) {\r\n  return Promise.all(xs.map((x) => g(x)));\r\n}\r\n";
  Analyzer analyzer(AnalysisOptions{});
  const FileResult result = analyzer.analyze("bom.js", text, Language::javascript);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  const Position at = result.file->position(result.diagnostics[0].span.start);
  EXPECT_EQ(at.line, 3u);
  EXPECT_EQ(at.utf16_column, 10u);
}

TEST(Analyzer, DeepNestingNeitherCrashesNorHides) {
  // 100 000 nested arrays: the walk is iterative, so no stack overflow.
  std::string text = "const deep = ";
  text.append(100000, '[');
  text.append(100000, ']');
  text += ";\n";
  text += kFanout;
  Analyzer analyzer(AnalysisOptions{});
  const FileResult result = analyzer.analyze("deep.js", text, Language::javascript);
  bool found = false;
  for (const auto& d : result.diagnostics) found = found || d.rule_id == "unbounded-promise-all";
  EXPECT_TRUE(found);
}

TEST(Analyzer, PrefilterSkipsFilesThatCannotReport) {
  Analyzer analyzer(AnalysisOptions{});
  const FileResult clean = analyzer.analyze("clean.js", "export const x = [1, 2].map((n) => n * 2);\n",
                                            Language::javascript);
  EXPECT_FALSE(clean.parsed);
  AnalysisOptions no_prefilter;
  no_prefilter.prefilter = false;
  Analyzer unfiltered(no_prefilter);
  EXPECT_TRUE(unfiltered.analyze("clean.js", "export const x = 1;\n", Language::javascript).parsed);
}

TEST(Analyzer, SyntaxErrorIsANoteAndFindingsOutsideItRemain) {
  const std::string text = std::string(kFanout) + "function broken( {\n";
  Analyzer analyzer(AnalysisOptions{});
  const FileResult result = analyzer.analyze("broken.js", text, Language::javascript);
  ASSERT_EQ(result.diagnostics.size(), 2u);
  EXPECT_EQ(result.diagnostics[0].rule_id, "unbounded-promise-all");
  EXPECT_EQ(result.diagnostics[1].rule_id, kParseErrorId);
  EXPECT_EQ(result.diagnostics[1].severity, Severity::info);
}

TEST(Analyzer, SeverityOverridesAndOff) {
  AnalysisOptions options;
  options.severities["unbounded-promise-all"] = Severity::warn;
  Analyzer analyzer(options);
  const FileResult warned = analyzer.analyze("a.js", kFanout, Language::javascript);
  ASSERT_EQ(warned.diagnostics.size(), 1u);
  EXPECT_EQ(warned.diagnostics[0].severity, Severity::warn);
  options.severities["unbounded-promise-all"] = Severity::off;
  Analyzer silent(options);
  EXPECT_TRUE(silent.analyze("a.js", kFanout, Language::javascript).diagnostics.empty());
}

}  // namespace
}  // namespace fanout
