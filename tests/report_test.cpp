// Reporters against golden files, built from one shared set of diagnostics
// (style.md, Tests). Regenerate with FANOUT_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "fanout/report.hpp"
#include "fanout/rule.hpp"
#include "fanout/source_file.hpp"
#include "report/renderers.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

// Goldens must not depend on the machine, so the working directory is fixed.
constexpr std::string_view kCwd = "/home/dev/project";

Span span_of(const std::string& text, std::string_view needle, std::size_t skip = 0) {
  std::size_t at = text.find(needle);
  for (; skip > 0; --skip) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string::npos) << needle;
  return Span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

FileResult legacy_file() {
  // CRLF line ends, a BOM, and a parse error after a finding.
  std::string text =
      "\xEF\xBB\xBF" "const list = await loadAll();\r\n"
      "await Promise.all(list.map(load));\r\n"
      "function (\r\n";
  Diagnostic finding{
      .rule_id = "unbounded-promise-all",
      .severity = Severity::error,
      .span = span_of(text, "Promise"),
      .message = "`Promise.all` starts one `load` per element of `list` at once",
      .related = {{.span = span_of(text, "loadAll()"), .label = "`list` comes from `loadAll()` here"}},
      .help = "bound the concurrency, e.g. `pMap(list, load, { concurrency: 8 })`",
  };
  Diagnostic parse_error{
      .rule_id = std::string(kParseErrorId),
      .severity = Severity::error,
      .span = {span_of(text, "(\r\n").start, span_of(text, "(\r\n").start + 1},
      .message = "Parsing error: unexpected `(`",
  };
  auto file = std::make_shared<SourceFile>("lib/legacy.ts", text);
  return FileResult{.file = file, .diagnostics = {finding, parse_error}, .parsed = true};
}

FileResult app_file() {
  std::string text =
      "import pMap from \"p-map\";\n"
      "const café = \"日本\"; await Promise.all(rows.map((r) => db.insert(r)));\n"
      "\tawait pMap(users, send);\n"
      "items.forEach(async (item) => {\n"
      "  await save(item);\n"
      "});\n"
      "const 𝒳 = [1, 2]; await Promise.all(this.jobs.map(run)); // 50%, done\n";
  const Span whole = span_of(text, "Promise.all(rows.map((r) => db.insert(r)))");
  Diagnostic promise_all{
      .rule_id = "unbounded-promise-all",
      .severity = Severity::error,
      .span = span_of(text, "Promise"),
      .message = "`Promise.all` starts one `db.insert` per element of `rows` at once",
      .related = {{.span = span_of(text, "rows"), .label = "`rows` is fanned out over here"},
                  {.span = span_of(text, "db.insert"), .label = "each element starts `db.insert`"}},
      .help = "bound the concurrency, e.g. `pMap(rows, (r) => db.insert(r), { concurrency: 8 })`",
      .fix = Fix{.title = "use `pMap` with `concurrency: 8`",
                 .edits = {{.start = whole.start, .end = whole.end,
                            .replacement = "pMap(rows, (r) => db.insert(r), { concurrency: 8 })"}},
                 .applicability = Applicability::safe},
  };
  Diagnostic library_map{
      .rule_id = "unbounded-library-map",
      .severity = Severity::warn,
      .span = span_of(text, "pMap", 1),
      .message = "`pMap` without `concurrency` runs every `send` at once",
      .help = "pass `{ concurrency: 8 }` as the third argument",
      .fix = Fix{.title = "add `{ concurrency: 8 }`",
                 .edits = {{.start = span_of(text, "send);").start + 4,
                            .end = span_of(text, "send);").start + 4,
                            .replacement = ", { concurrency: 8 }"}},
                 .applicability = Applicability::unsafe},
  };
  const Span foreach_start = span_of(text, "forEach");
  Diagnostic foreach{
      .rule_id = "async-foreach",
      .severity = Severity::error,
      .span = {foreach_start.start, span_of(text, "});").end},
      .message = "`forEach` with an async callback starts every `save` at once",
      .help = "use `for (const item of items) { await save(item); }`",
  };
  Diagnostic unknown{
      .rule_id = "unknown-collection",
      .severity = Severity::info,
      .span = span_of(text, "Promise", 1),
      .message = "`Promise.all` over `this.jobs`, whose size cannot be seen",
      .related = {{.span = span_of(text, "this.jobs"), .label = "`this.jobs` is a field"}},
  };
  auto file = std::make_shared<SourceFile>("src/app.js", text);
  return FileResult{
      .file = file, .diagnostics = {promise_all, library_map, foreach, unknown}, .parsed = true};
}

FileResult skipped_file() {
  Diagnostic note{
      .rule_id = std::string(kSkippedFileId),
      .severity = Severity::info,
      .span = {0, 0},
      .message = "file is larger than 1 MiB, skipped",
  };
  return FileResult{.file = std::make_shared<SourceFile>("vendor/huge.min.js", ""),
                    .diagnostics = {note},
                    .parsed = false};
}

const std::vector<FileResult>& shared_results() {
  static const std::vector<FileResult> files = {legacy_file(), app_file(), skipped_file()};
  return files;
}

std::string render_to_string(Format format, const std::vector<FileResult>& files,
                             ReportOptions options = {}) {
  const RunSummary summary{.files_checked = 5, .files_parsed = 3};
  std::ostringstream out;
  report::render_in(format, report::Context{files, summary, options, std::string(kCwd)}, out);
  return out.str();
}

fs::path golden_path(std::string_view name) {
  return fs::path(FANOUT_SOURCE_DIR) / "tests" / "golden" / name;
}

void expect_golden(std::string_view name, const std::string& actual) {
  const fs::path path = golden_path(name);
  const char* update = std::getenv("FANOUT_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing: run with FANOUT_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "golden " << name
                                    << " differs: rerun with FANOUT_UPDATE_GOLDEN=1 and review the diff";
}

struct GoldenCase {
  Format format;
  std::string_view file;
};

class ReportGolden : public ::testing::TestWithParam<GoldenCase> {};

// The SARIF golden keeps what the reporter decides and leaves out what rule
// authors and releases change: the version and the rule docs (tested below).
std::string sarif_for_golden(const std::string& sarif) {
  auto log = nlohmann::ordered_json::parse(sarif);
  auto& driver = log["runs"][0]["tool"]["driver"];
  driver["version"] = driver["semanticVersion"] = "<version>";
  for (auto& rule : driver["rules"]) {
    for (const char* key : {"shortDescription", "fullDescription", "help"}) {
      if (rule.contains(key)) rule[key] = "<from the rule's metadata>";
    }
  }
  return log.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

TEST_P(ReportGolden, MatchesGoldenFile) {
  std::string output = render_to_string(GetParam().format, shared_results());
  if (GetParam().format == Format::sarif) output = sarif_for_golden(output);
  expect_golden(GetParam().file, output);
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, ReportGolden,
    ::testing::Values(GoldenCase{Format::text, "report.text"},
                      GoldenCase{Format::stylish, "report.stylish"},
                      GoldenCase{Format::compact, "report.compact"},
                      GoldenCase{Format::json, "report.json"},
                      GoldenCase{Format::sarif, "report.sarif"},
                      GoldenCase{Format::github, "report.github"}),
    [](const auto& info) { return std::string(info.param.file.substr(7)); });

TEST(Report, ParseFormatKnowsEveryName) {
  const std::pair<std::string_view, Format> names[] = {
      {"text", Format::text}, {"stylish", Format::stylish}, {"compact", Format::compact},
      {"json", Format::json}, {"sarif", Format::sarif},     {"github", Format::github}};
  for (const auto& [name, format] : names) EXPECT_EQ(parse_format(name), format) << name;
  EXPECT_EQ(parse_format("checkstyle"), std::nullopt);
  EXPECT_EQ(parse_format("TEXT"), std::nullopt);
}

// The public entry point only adds the process's working directory.
TEST(Report, RenderUsesTheWorkingDirectory) {
  const ReportOptions options;
  const RunSummary summary{.files_checked = 5, .files_parsed = 3};
  std::ostringstream out;
  render(Format::json, shared_results(), summary, options, out);
  std::ostringstream expected;
  report::render_in(Format::json,
                    report::Context{shared_results(), summary, options, fs::current_path().generic_string()},
                    expected);
  EXPECT_EQ(out.str(), expected.str());
}

// Drops `ESC [ digits/semicolons m` sequences.
std::string strip_sgr(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i = text.find('m', i);
      continue;
    }
    out += text[i];
  }
  return out;
}

// Colour only adds escape sequences: the words stay those of the plain output.
TEST(Report, ColourOnlyWrapsThePlainOutput) {
  for (const Format format : {Format::text, Format::stylish}) {
    const std::string plain = render_to_string(format, shared_results());
    const std::string coloured = render_to_string(format, shared_results(), {.color = true});
    EXPECT_NE(coloured.find("\x1b["), std::string::npos);
    EXPECT_EQ(strip_sgr(coloured), plain);
    EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  }
}

TEST(Report, StylishPrintsNothingWithoutProblems) {
  auto clean = std::make_shared<SourceFile>("src/clean.js", "const a = 1;\n");
  const std::vector<FileResult> files = {FileResult{.file = clean, .parsed = true}};
  EXPECT_EQ(render_to_string(Format::stylish, files), "");
  EXPECT_EQ(render_to_string(Format::stylish, {}), "");
  EXPECT_EQ(render_to_string(Format::compact, files), "");
  EXPECT_EQ(render_to_string(Format::github, files), "");
}

TEST(Report, JsonListsCleanFiles) {
  auto clean = std::make_shared<SourceFile>("./src/../src/clean.js", "const a = 1;\n");
  const std::vector<FileResult> files = {FileResult{.file = clean, .parsed = true}};
  EXPECT_EQ(render_to_string(Format::json, files),
            "[{\"filePath\":\"/home/dev/project/src/clean.js\",\"messages\":[],"
            "\"suppressedMessages\":[],\"errorCount\":0,\"fatalErrorCount\":0,\"warningCount\":0,"
            "\"fixableErrorCount\":0,\"fixableWarningCount\":0,\"usedDeprecatedRules\":[]}]\n");
}

TEST(Report, TextSaysSoWhenClean) {
  EXPECT_EQ(render_to_string(Format::text, {}), "No problems found; checked 5 files.\n");
}

// The runner decodes %25, %0D and %0A in the message, and additionally %3A
// and %2C in properties; anything else unescaped would cut the command short.
TEST(Report, GithubEscapesDataAndProperties) {
  const std::string text = "run(a);\n";
  Diagnostic diagnostic{
      .rule_id = "rule:with,odd",
      .severity = Severity::warn,
      .span = {0, 3},
      .message = "100% of\r\nitems: a, b",
  };
  auto file = std::make_shared<SourceFile>("dir,1/a:b%.js", text);
  const std::vector<FileResult> files = {FileResult{.file = file, .diagnostics = {diagnostic}}};
  EXPECT_EQ(render_to_string(Format::github, files),
            "::warning file=dir%2C1/a%3Ab%25.js,line=1,col=1,endLine=1,endColumn=4,"
            "title=rule%3Awith%2Codd::100%25 of%0D%0Aitems: a, b\n");
}

TEST(Report, GithubAndSarifUsePathsOutsideTheWorkingDirectoryAsAbsolute) {
  auto file = std::make_shared<SourceFile>("../other dir/é.js", "x;\n");
  Diagnostic diagnostic{.rule_id = "async-foreach", .span = {0, 1}, .message = "m"};
  const std::vector<FileResult> files = {FileResult{.file = file, .diagnostics = {diagnostic}}};
  EXPECT_NE(render_to_string(Format::github, files).find("file=/home/dev/other dir/é.js,"),
            std::string::npos);
  const std::string sarif = render_to_string(Format::sarif, files);
  EXPECT_NE(sarif.find("\"uri\": \"file:///home/dev/other%20dir/%C3%A9.js\""), std::string::npos)
      << sarif;
}

// --- positions (SourceFile) ---------------------------------------------------

TEST(Columns, AstralCharactersAreTwoUtf16Units) {
  const SourceFile file("a.js", "const 𝒳 = f();\n");
  const Position position = file.position(static_cast<std::uint32_t>(std::string("const 𝒳 = ").size()));
  EXPECT_EQ(position.line, 1u);
  EXPECT_EQ(position.utf16_column, 12u);
  EXPECT_EQ(position.display_column, 11u);
  EXPECT_EQ(position.byte_column, 14u);
}

TEST(Columns, WideCharactersTakeTwoCells) {
  const SourceFile file("a.js", "\"日本\"; x");
  const Position position = file.position(static_cast<std::uint32_t>(std::string("\"日本\"; ").size()));
  EXPECT_EQ(position.utf16_column, 7u);
  EXPECT_EQ(position.display_column, 9u);
}

TEST(Columns, BomIsNotAColumn) {
  const SourceFile file("a.js", "\xEF\xBB\xBFx = 1;\ny");
  EXPECT_EQ(file.position(3).utf16_column, 1u);
  EXPECT_EQ(file.position(3).display_column, 1u);
  EXPECT_EQ(file.position(4).utf16_column, 2u);
  EXPECT_EQ(file.position(0).utf16_column, 1u);
  EXPECT_EQ(file.position(10).line, 2u);
  EXPECT_EQ(file.position(10).utf16_column, 1u);
  EXPECT_EQ(report::utf16_offset(file, 4), 1u);
  EXPECT_EQ(report::utf16_offset(file, 10), 7u);
}

TEST(Columns, CrlfAndLoneCrEndLines) {
  const SourceFile file("a.js", "ab\r\ncd\ref\n");
  EXPECT_EQ(file.line_count(), 4u);
  EXPECT_EQ(file.line_text(1), "ab");
  EXPECT_EQ(file.line_text(2), "cd");
  EXPECT_EQ(file.line_text(3), "ef");
  EXPECT_EQ(file.position(2).line, 1u);  // the CR itself is still on line 1
  EXPECT_EQ(file.position(2).utf16_column, 3u);
  EXPECT_EQ(file.position(4).line, 2u);
  EXPECT_EQ(file.position(4).utf16_column, 1u);
  EXPECT_EQ(file.position(8).line, 3u);
  EXPECT_EQ(report::utf16_offset(file, 8), 8u);
}

TEST(Columns, TabsAdvanceToTheNextStopOfFour) {
  const SourceFile file("a.js", "\tx\n  \ty\nab\t\tz");
  EXPECT_EQ(file.position(1).display_column, 5u);
  EXPECT_EQ(file.position(1).utf16_column, 2u);
  EXPECT_EQ(file.position(6).display_column, 5u);  // "  \t" ends at the first stop
  EXPECT_EQ(file.position(12).display_column, 9u);
}

TEST(Columns, Utf16OffsetCountsSurrogatePairs) {
  const std::string text = "𝒳\n日x";
  const SourceFile file("a.js", text);
  EXPECT_EQ(report::utf16_offset(file, static_cast<std::uint32_t>(text.find('x'))), 4u);
}

// Expected values from the tests of GitHub's codeql-action, whose hash this is.
TEST(Fingerprint, MatchesTheUploadAction) {
  EXPECT_EQ(report::line_hashes(""), std::vector<std::string>{"c129715d7a2bc9a3:1"});
  const std::vector<std::string> lines = {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1",
                                          "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                                          "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
                                          "c129715d7a2bc9a3:1"};
  EXPECT_EQ(report::line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n"), lines);
  EXPECT_EQ(report::line_hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n"), lines);
  EXPECT_EQ(report::line_hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r"), lines);
  EXPECT_EQ(report::line_hashes(" a\nb\n  \t\tc\n d"),
            (std::vector<std::string>{"271789c17abda88f:1", "54703d4cd895b18:1",
                                      "180aee12dab6264:1", "a23a3dc5e078b07b:1"}));
  std::string repeated;
  for (int i = 0; i < 10; ++i) repeated += "Lorem ipsum dolor sit amet.\n";
  EXPECT_EQ(report::line_hashes(repeated),
            (std::vector<std::string>{
                "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"}));
}

// --- SARIF ---------------------------------------------------------------------

TEST(Sarif, ListsEveryRuleWithItsMetadata) {
  const auto log = nlohmann::json::parse(render_to_string(Format::sarif, {}));
  const auto& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["version"], FANOUT_VERSION);
  EXPECT_EQ(run["results"], nlohmann::json::array());
  const auto& rules = run["tool"]["driver"]["rules"];
  // The rules, then the two checks of suppression comments.
  ASSERT_EQ(rules.size(), all_rules().size() + 2);
  EXPECT_EQ(rules[all_rules().size()]["id"], "unused-suppression");
  EXPECT_EQ(rules[all_rules().size() + 1]["id"], "suppression-without-reason");
  for (std::size_t i = all_rules().size(); i < rules.size(); ++i) {
    EXPECT_FALSE(rules[i]["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(rules[i]["help"]["markdown"].get<std::string>().empty());
    EXPECT_EQ(rules[i]["defaultConfiguration"]["level"], "warning");
  }
  for (std::size_t i = 0; i < all_rules().size(); ++i) {
    const RuleMeta& meta = all_rules()[i]->meta();
    EXPECT_EQ(rules[i]["id"], meta.id);
    EXPECT_EQ(rules[i]["shortDescription"]["text"], meta.summary);
    EXPECT_EQ(rules[i]["defaultConfiguration"]["level"], sarif_level(meta.severity));
    const std::string_view doc = rule_doc(meta.id);
    EXPECT_EQ(rules[i]["help"]["markdown"], doc.empty() ? meta.summary : doc);
    EXPECT_FALSE(rules[i]["fullDescription"]["text"].get<std::string>().empty());
  }
}

TEST(Sarif, EveryResultPointsAtItsRule) {
  // Suppression-comment findings too: code scanning shows a result's help from
  // the descriptor its ruleIndex names.
  const std::string text = "// fanout-disable-next-line\nconst a = 1;\n";
  auto file = std::make_shared<SourceFile>("src/quiet.js", text);
  std::vector<FileResult> files = shared_results();
  files.push_back(FileResult{
      .file = file,
      .diagnostics = {Diagnostic{.rule_id = "unused-suppression", .severity = Severity::warn, .span = {3, 26},
                                 .message = "`fanout-disable-next-line` suppresses nothing: no finding here"},
                      Diagnostic{.rule_id = "suppression-without-reason", .severity = Severity::warn,
                                 .span = {3, 26}, .message = "`fanout-disable-next-line` gives no reason"}},
      .parsed = true});
  const auto log = nlohmann::json::parse(render_to_string(Format::sarif, files));
  const auto& run = log["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_GE(run["results"].size(), 6u);
  for (const auto& result : run["results"]) {
    ASSERT_TRUE(result.contains("ruleIndex")) << result["ruleId"];
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
  }
}

// --- SARIF against the official schema -------------------------------------

TEST(Sarif, GoldenValidatesAgainstTheSarifSchema) {
  const fs::path tools = fs::path(FANOUT_SOURCE_DIR) / "tests" / "tools";
  const fs::path schema = fs::path(FANOUT_SHARED_DIR) / "schemas" / "sarif-2.1.0.json";
  // Missing tools fail rather than skip: a skipped schema check is no check.
  ASSERT_EQ(std::system("node --version > /dev/null 2>&1"), 0) << "node is not on PATH";
  ASSERT_TRUE(fs::exists(tools / "node_modules" / "ajv" / "package.json"))
      << "run `(cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund)`";
  ASSERT_TRUE(fs::exists(schema)) << schema;

  const fs::path sarif = fs::temp_directory_path() /
                         fmt::format("fanout-report-{}.sarif", ::getpid());
  std::ofstream(sarif, std::ios::binary) << render_to_string(Format::sarif, shared_results());
  const std::string command = fmt::format("node '{}' '{}' '{}' 2>&1", (tools / "validate-sarif.mjs").string(),
                                          schema.string(), sarif.string());
  const int status = std::system(command.c_str());
  fs::remove(sarif);
  EXPECT_EQ(status, 0) << command;
}

}  // namespace
}  // namespace fanout
