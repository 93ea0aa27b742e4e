// Reporters against golden files, built from one shared set of diagnostics
// (style.md, Tests). Regenerate with FANOUT_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
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

// A finding silenced by a comment: reports keep it as an audit trail.
FileResult quiet_file() {
  std::string text =
      "// fanout-disable-next-line async-foreach -- only logs, 3 items\n"
      "items.forEach(async (item) => log(item));\n";
  Diagnostic foreach{
      .rule_id = "async-foreach",
      .severity = Severity::error,
      .span = span_of(text, "forEach"),
      .message = "`forEach` with an async callback starts every `log` at once",
      .help = "use `for (const item of items) { await log(item); }`",
  };
  auto file = std::make_shared<SourceFile>("src/quiet.js", text);
  return FileResult{.file = file,
                    .suppressed = {Suppressed{.diagnostic = foreach, .justification = "only logs, 3 items"}},
                    .parsed = true};
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
  static const std::vector<FileResult> files = {legacy_file(), app_file(), quiet_file(), skipped_file()};
  return files;
}

std::string render_to_string(Format format, const std::vector<FileResult>& files, ReportOptions options = {},
                             const RunSummary& summary = {.files_checked = 5, .files_parsed = 3},
                             std::string_view cwd = kCwd, std::string_view root = kCwd) {
  std::ostringstream out;
  report::render_in(format, report::Context{files, summary, options, std::string(cwd), std::string(root)}, out);
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
                      GoldenCase{Format::github, "report.github"},
                      GoldenCase{Format::gitlab, "report.gitlab"},
                      GoldenCase{Format::junit, "report.junit"},
                      GoldenCase{Format::checkstyle, "report.checkstyle"}),
    [](const auto& info) { return std::string(info.param.file.substr(7)); });

TEST(Report, ParseFormatKnowsEveryName) {
  const std::pair<std::string_view, Format> names[] = {
      {"text", Format::text},   {"stylish", Format::stylish}, {"compact", Format::compact},
      {"json", Format::json},   {"sarif", Format::sarif},     {"github", Format::github},
      {"gitlab", Format::gitlab}, {"junit", Format::junit},   {"checkstyle", Format::checkstyle}};
  for (const auto& [name, format] : names) {
    EXPECT_EQ(parse_format(name), format) << name;
    EXPECT_EQ(format_name(format), name);
  }
  EXPECT_EQ(parse_format("xml"), std::nullopt);
  EXPECT_EQ(parse_format("TEXT"), std::nullopt);
}

// The table is the one list: every enum value has exactly one row, with a
// summary for --help and the README, and renders something.
TEST(Report, FormatTableHasOneRowPerFormat) {
  std::set<std::string_view> names;
  std::set<Format> formats;
  for (const FormatName& row : format_names()) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_TRUE(formats.insert(row.format).second) << row.name;
    EXPECT_FALSE(row.summary.empty()) << row.name;
    EXPECT_FALSE(render_to_string(row.format, shared_results()).empty()) << row.name;
  }
  EXPECT_EQ(formats.size(), static_cast<std::size_t>(Format::checkstyle) + 1);
}

// The public entry point only adds the process's working directory, which is
// also the root when the options name none.
TEST(Report, RenderUsesTheWorkingDirectory) {
  for (const Format format : {Format::json, Format::sarif}) {
    const ReportOptions options;
    const RunSummary summary{.files_checked = 5, .files_parsed = 3};
    std::ostringstream out;
    render(format, shared_results(), summary, options, out);
    const std::string cwd = fs::current_path().generic_string();
    std::ostringstream expected;
    report::render_in(format, report::Context{shared_results(), summary, options, cwd, cwd}, expected);
    EXPECT_EQ(out.str(), expected.str());
  }
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


// --- helpers for the consumers in tests/tools ---------------------------------

fs::path tools_dir() { return fs::path(FANOUT_SOURCE_DIR) / "tests" / "tools"; }

// Missing tools fail rather than skip: a skipped consumer check is no check.
void expect_node_tools() {
  ASSERT_EQ(std::system("node --version > /dev/null 2>&1"), 0) << "node is not on PATH";
  for (const char* package : {"ajv", "junit2json", "danger-plugin-lint-report", "xmllint-wasm"}) {
    ASSERT_TRUE(fs::exists(tools_dir() / "node_modules" / package / "package.json"))
        << package << ": run `scripts/bootstrap.sh --tests` (npm ci in tests/tools)";
  }
}

struct Tool {
  int status = -1;
  std::string out;
};

// Runs `node tests/tools/SCRIPT ARGS...` on `input` written to a temp file
// (its path is the first argument after SCRIPT's own).
Tool run_tool(std::string_view script, std::string_view input, const std::vector<std::string>& before = {},
              const std::vector<std::string>& after = {}) {
  static int counter = 0;
  const fs::path file = fs::temp_directory_path() / fmt::format("fanout-report-{}-{}.out", ::getpid(), ++counter);
  const fs::path log = fs::path(file.string() + ".log");
  std::ofstream(file, std::ios::binary) << input;
  std::string command = fmt::format("node '{}'", (tools_dir() / script).string());
  for (const std::string& arg : before) command += fmt::format(" '{}'", arg);
  command += fmt::format(" '{}'", file.string());
  for (const std::string& arg : after) command += fmt::format(" '{}'", arg);
  command += fmt::format(" > '{}' 2>&1", log.string());
  const int raw = std::system(command.c_str());
  std::ifstream in(log, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove(file);
  fs::remove(log);
  return Tool{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, .out = text.str()};
}

// --- GitLab Code Quality ----------------------------------------------------------

TEST(Gitlab, GoldenValidatesAgainstTheDocumentedFields) {
  expect_node_tools();
  const std::string report = render_to_string(Format::gitlab, shared_results());
  // No npm package ships GitLab's schema: tests/tools has the documented fields.
  const Tool valid = run_tool("validate-config.mjs", report, {(tools_dir() / "gitlab-codequality.schema.json").string()});
  EXPECT_EQ(valid.status, 0) << valid.out;
  const auto issues = nlohmann::json::parse(report);
  ASSERT_EQ(issues.size(), 7u);  // every diagnostic, notes included; suppressed ones are not issues
  std::set<std::string> fingerprints;
  for (const auto& issue : issues) {
    EXPECT_TRUE(fingerprints.insert(issue["fingerprint"].get<std::string>()).second) << issue;
    EXPECT_EQ(issue["fingerprint"].get<std::string>().size(), 32u);
  }
  EXPECT_EQ(issues[0]["location"]["path"], "lib/legacy.ts");
  EXPECT_EQ(issues[0]["severity"], "major");
  EXPECT_EQ(issues[0]["location"]["lines"]["begin"], 2);
}

// A schema that accepts anything would make the check above worthless.
TEST(Gitlab, SchemaRejectsWhatGitlabWouldNot) {
  expect_node_tools();
  const std::string schema = (tools_dir() / "gitlab-codequality.schema.json").string();
  const std::string good = R"({"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"a.js","lines":{"begin":1}}})";
  EXPECT_EQ(run_tool("validate-config.mjs", fmt::format("[{}]", good), {schema}).status, 0);
  for (const std::string& bad :
       {std::string(R"([{"description":"d","check_name":"c","severity":"minor","location":{"path":"a.js","lines":{"begin":1}}}])"),
        std::string(R"([{"description":"d","check_name":"c","fingerprint":"f","severity":"warning","location":{"path":"a.js","lines":{"begin":1}}}])"),
        std::string(R"([{"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"/abs/a.js","lines":{"begin":1}}}])"),
        std::string(R"([{"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"a.js","lines":{"begin":0}}}])")}) {
    EXPECT_EQ(run_tool("validate-config.mjs", bad, {schema}).status, 1) << bad;
  }
}

std::vector<std::string> fingerprints_of(const std::string& text, std::string_view rule = "unbounded-promise-all") {
  auto file = std::make_shared<SourceFile>("src/jobs.js", text);
  std::vector<Diagnostic> diagnostics;
  for (std::size_t at = text.find("Promise"); at != std::string::npos; at = text.find("Promise", at + 1)) {
    diagnostics.push_back(Diagnostic{.rule_id = std::string(rule),
                                     .span = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 7)},
                                     .message = "m"});
  }
  const auto issues = nlohmann::json::parse(
      render_to_string(Format::gitlab, {FileResult{.file = file, .diagnostics = diagnostics, .parsed = true}}));
  std::vector<std::string> out;
  for (const auto& issue : issues) out.push_back(issue["fingerprint"]);
  return out;
}

// GitLab tells new findings from old ones by fingerprint: it must survive
// edits elsewhere in the file, as SARIF's primaryLocationLineHash does.
TEST(Gitlab, FingerprintsSurviveEditsElsewhere) {
  const std::string code = "const a = 1;\nawait Promise.all(rows.map(save));\n";
  const auto before = fingerprints_of(code);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(fingerprints_of("// a new comment\n\n" + code), before);
  EXPECT_NE(fingerprints_of("const a = 1;\nawait Promise.all(users.map(save));\n"), before);
  EXPECT_NE(fingerprints_of(code, "async-foreach"), before);
  // Two findings on one line, or on two identical lines, stay distinct.
  const auto two = fingerprints_of("await Promise.all(a.map(f)); await Promise.all(a.map(f));\n");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_NE(two[0], two[1]);
  const auto lines = fingerprints_of("await Promise.all(a.map(f));\nawait Promise.all(a.map(f));\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0], lines[1]);
}

// --- paths relative to the repository root (issue 13: monorepo packages) -------

TEST(RepositoryRoot, SarifGithubAndGitlabPathsStartAtTheRoot) {
  auto file = std::make_shared<SourceFile>("src/a.js", "await Promise.all(rows.map(save));\n");
  const std::vector<FileResult> files = {FileResult{
      .file = file,
      .diagnostics = {Diagnostic{.rule_id = "unbounded-promise-all", .span = {6, 13}, .message = "m"}},
      .parsed = true}};
  const RunSummary summary;
  const std::string_view cwd = "/home/dev/project/packages/api";
  const std::string_view root = "/home/dev/project";
  const auto sarif = nlohmann::json::parse(render_to_string(Format::sarif, files, {}, summary, cwd, root));
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "packages/api/src/a.js");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///home/dev/project/");
  EXPECT_NE(render_to_string(Format::github, files, {}, summary, cwd, root).find("file=packages/api/src/a.js,"),
            std::string::npos);
  const auto gitlab = nlohmann::json::parse(render_to_string(Format::gitlab, files, {}, summary, cwd, root));
  EXPECT_EQ(gitlab[0]["location"]["path"], "packages/api/src/a.js");
  const std::string junit = render_to_string(Format::junit, files, {}, summary, cwd, root);
  EXPECT_NE(junit.find("classname=\"packages/api/src/a.js\""), std::string::npos) << junit;
  // Text formats keep the path as the user typed it.
  EXPECT_EQ(render_to_string(Format::compact, files, {}, summary, cwd, root).rfind("src/a.js:1:7:", 0), 0u);
}

// --- JUnit and Checkstyle, read back by real consumers -------------------------------

TEST(Junit, Junit2jsonReadsTheGolden) {
  expect_node_tools();
  const Tool read = run_tool("read-report.mjs", render_to_string(Format::junit, shared_results()), {"junit"});
  ASSERT_EQ(read.status, 0) << read.out;
  const auto report = nlohmann::json::parse(read.out);
  EXPECT_EQ(report["name"], "fanout");
  EXPECT_EQ(report["tests"], 8);  // 2 + 4 findings, the clean quiet.js, the skipped file
  EXPECT_EQ(report["failures"], 5);
  EXPECT_EQ(report["skipped"], 2);  // the info finding and the skipped file
  ASSERT_EQ(report["testsuite"].size(), 4u);
  const auto& legacy = report["testsuite"][0];
  EXPECT_EQ(legacy["name"], "lib/legacy.ts");
  EXPECT_EQ(legacy["testcase"][0]["name"], "unbounded-promise-all (2:7)");
  EXPECT_EQ(legacy["testcase"][0]["classname"], "lib/legacy.ts");
  EXPECT_EQ(legacy["testcase"][0]["failure"][0]["type"], "error");
  EXPECT_EQ(legacy["testcase"][0]["failure"][0]["message"],
            "`Promise.all` starts one `load` per element of `list` at once");
  const std::string body = legacy["testcase"][0]["failure"][0]["inner"];
  EXPECT_NE(body.find("help: bound the concurrency"), std::string::npos) << body;
  EXPECT_EQ(report["testsuite"][2]["name"], "src/quiet.js");
  EXPECT_EQ(report["testsuite"][2]["tests"], 1);
  EXPECT_EQ(report["testsuite"][2]["failures"], 0);
}

TEST(Junit, RunErrorsAreTestErrors) {
  expect_node_tools();
  const RunSummary summary{.files_checked = 0, .errors = {"missing.js: No such file or directory"}};
  const Tool read = run_tool("read-report.mjs", render_to_string(Format::junit, {}, {}, summary), {"junit"});
  ASSERT_EQ(read.status, 0) << read.out;
  const auto report = nlohmann::json::parse(read.out);
  EXPECT_EQ(report["errors"], 1);
  EXPECT_EQ(report["testsuite"][0]["testcase"][0]["error"][0]["message"], "missing.js: No such file or directory");
}

TEST(Checkstyle, DangerLintReportReadsTheGolden) {
  expect_node_tools();
  const Tool read = run_tool("read-report.mjs", render_to_string(Format::checkstyle, shared_results()), {"checkstyle"},
                             {std::string(kCwd)});
  ASSERT_EQ(read.status, 0) << read.out;
  const auto comments = nlohmann::json::parse(read.out);
  ASSERT_EQ(comments.size(), 7u) << read.out;
  // Danger posts errors as failures, warnings as warnings, infos as messages.
  EXPECT_EQ(comments[0], nlohmann::json({{"severity", "fail"},
                                         {"message", "`Promise.all` starts one `load` per element of `list` at once "
                                                     "(unbounded-promise-all)"},
                                         {"file", "lib/legacy.ts"},
                                         {"line", 2}}));
  std::map<std::string, int> by_severity;
  for (const auto& comment : comments) ++by_severity[comment["severity"].get<std::string>()];
  EXPECT_EQ(by_severity, (std::map<std::string, int>{{"fail", 4}, {"message", 2}, {"warn", 1}}));
}

// Names and messages no XML parser would accept raw: quotes, markup, a CDATA
// end, control characters, a line break and invalid UTF-8.
TEST(Xml, HostileNamesAndMessagesStayReadable) {
  expect_node_tools();
  const std::string name = "we\"ird <&> ]]>\x1b[31m\nname\xff.js";
  auto file = std::make_shared<SourceFile>(name, "await Promise.all(rows.map(save));\n");
  const std::vector<FileResult> files = {FileResult{
      .file = file,
      .diagnostics = {Diagnostic{.rule_id = "unbounded-promise-all",
                                 .span = {6, 13},
                                 .message = "`a\x07` <b> & ]]> \"c\"\x1b[0m\r\nnext"}},
      .parsed = true}};
  const Tool junit = run_tool("read-report.mjs", render_to_string(Format::junit, files), {"junit"});
  ASSERT_EQ(junit.status, 0) << junit.out;
  const auto report = nlohmann::json::parse(junit.out);
  const auto& test = report["testsuite"][0]["testcase"][0];
  EXPECT_EQ(test["classname"], "we\"ird <&> ]]>\\x1b[31m\nname\\xff.js");
  EXPECT_EQ(test["failure"][0]["message"], "`a\\x07` <b> & ]]> \"c\"\\x1b[0m\r\nnext");
  const Tool checkstyle = run_tool("read-report.mjs", render_to_string(Format::checkstyle, files), {"checkstyle"},
                                   {std::string(kCwd)});
  ASSERT_EQ(checkstyle.status, 0) << checkstyle.out;
  EXPECT_EQ(nlohmann::json::parse(checkstyle.out)[0]["message"],
            "`a\\x07` <b> & ]]> \"c\"\\x1b[0m\r\nnext (unbounded-promise-all)");
}

// --- suppressed findings (issue 13: an audit trail) -------------------------------------

TEST(Suppressed, SarifMarksThemSuppressedInSourceWithTheReason) {
  const auto log = nlohmann::json::parse(render_to_string(Format::sarif, shared_results()));
  std::vector<nlohmann::json> suppressed;
  for (const auto& result : log["runs"][0]["results"]) {
    if (result.contains("suppressions")) suppressed.push_back(result);
  }
  ASSERT_EQ(suppressed.size(), 1u);
  EXPECT_EQ(suppressed[0]["ruleId"], "async-foreach");
  EXPECT_EQ(suppressed[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/quiet.js");
  EXPECT_EQ(suppressed[0]["suppressions"],
            nlohmann::json::parse(R"([{"kind": "inSource", "justification": "only logs, 3 items"}])"));
}

TEST(Suppressed, JsonListsThemInEslintsShape) {
  const auto results = nlohmann::json::parse(render_to_string(Format::json, shared_results()));
  ASSERT_EQ(results.size(), 4u);
  const auto& quiet = results[2];
  EXPECT_EQ(quiet["filePath"], "/home/dev/project/src/quiet.js");
  EXPECT_EQ(quiet["messages"], nlohmann::json::array());
  EXPECT_EQ(quiet["errorCount"], 0);
  ASSERT_EQ(quiet["suppressedMessages"].size(), 1u);
  const auto& message = quiet["suppressedMessages"][0];
  EXPECT_EQ(message["ruleId"], "async-foreach");
  EXPECT_EQ(message["severity"], 2);
  EXPECT_EQ(message["line"], 2);
  EXPECT_EQ(message["suppressions"],
            nlohmann::json::parse(R"([{"kind": "directive", "justification": "only logs, 3 items"}])"));
  // Not counted, not shown: text and stylish say nothing about it.
  EXPECT_EQ(render_to_string(Format::text, shared_results()).find("quiet.js"), std::string::npos);
}

// --- what the run could not do (issue 13) -------------------------------------------------

TEST(Sarif, RunErrorsMakeTheExecutionUnsuccessful) {
  const RunSummary summary{.files_checked = 3, .errors = {"missing.js: No such file or directory"}};
  const std::string sarif = render_to_string(Format::sarif, shared_results(), {}, summary);
  const auto log = nlohmann::json::parse(sarif);
  const auto& invocation = log["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  const auto& notifications = invocation["toolExecutionNotifications"];
  ASSERT_FALSE(notifications.empty());
  EXPECT_EQ(notifications.back()["level"], "error");
  EXPECT_EQ(notifications.back()["message"]["text"], "missing.js: No such file or directory");
  // The parse error is a notification too, at its severity (raised to error in the shared set).
  EXPECT_EQ(notifications[0]["descriptor"]["id"], "parse-error");
  EXPECT_EQ(notifications[0]["level"], "error");
  EXPECT_EQ(nlohmann::json::parse(render_to_string(Format::sarif, shared_results()))["runs"][0]["invocations"][0]
                ["executionSuccessful"],
            true);
}

TEST(Text, SummarySaysWhatCouldNotBeChecked) {
  const RunSummary summary{.files_checked = 0, .errors = {"missing.js: No such file or directory"}};
  const std::string text = render_to_string(Format::text, {}, {}, summary);
  EXPECT_EQ(text, "Checked 0 files; 1 path could not be checked (see the errors).\n");
  const std::string found = render_to_string(Format::text, shared_results(), {}, summary);
  EXPECT_NE(found.find("; 1 path could not be checked.\n"), std::string::npos) << found;
}

// --- parse-error: one severity in every format (issue 13) ------------------------------------

std::vector<FileResult> broken_file(Severity severity) {
  const std::string text = "function (\n";
  Diagnostic parse_error{.rule_id = std::string(kParseErrorId), .severity = severity, .span = {9, 10},
                         .message = "syntax error; code inside the unparsable part is not checked"};
  return {FileResult{.file = std::make_shared<SourceFile>("src/broken.js", text), .diagnostics = {parse_error},
                     .parsed = true}};
}

TEST(ParseError, OneSeverityInEveryFormat) {
  struct Expected {
    Severity severity;
    std::string text, compact, stylish, github, sarif, gitlab, checkstyle, junit;
    int eslint;
    bool fatal;
  };
  for (const Expected& e :
       {Expected{Severity::info, "info[parse-error]", ": info: ", "warning", "::notice ", "note", "info",
                 "severity=\"info\"", "<skipped", 1, false},
        Expected{Severity::warn, "warning[parse-error]", ": warning: ", "warning", "::warning ", "warning", "minor",
                 "severity=\"warning\"", "<failure type=\"warning\"", 1, false},
        Expected{Severity::error, "error[parse-error]", ": error: ", "error", "::error ", "error", "major",
                 "severity=\"error\"", "<failure type=\"error\"", 2, true}}) {
    const auto files = broken_file(e.severity);
    const std::string name(severity_name(e.severity));
    EXPECT_NE(render_to_string(Format::text, files).find(e.text), std::string::npos) << name;
    EXPECT_NE(render_to_string(Format::compact, files).find(e.compact), std::string::npos) << name;
    const std::string stylish = render_to_string(Format::stylish, files);
    EXPECT_NE(stylish.find("  " + e.stylish + "  "), std::string::npos) << stylish;
    EXPECT_EQ(render_to_string(Format::github, files).rfind(e.github, 0), 0u) << name;
    const auto sarif = nlohmann::json::parse(render_to_string(Format::sarif, files));
    EXPECT_EQ(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"], e.sarif) << name;
    EXPECT_EQ(nlohmann::json::parse(render_to_string(Format::gitlab, files))[0]["severity"], e.gitlab) << name;
    EXPECT_NE(render_to_string(Format::checkstyle, files).find(e.checkstyle), std::string::npos) << name;
    EXPECT_NE(render_to_string(Format::junit, files).find(e.junit), std::string::npos) << name;
    const auto json = nlohmann::json::parse(render_to_string(Format::json, files))[0];
    EXPECT_EQ(json["messages"][0]["severity"], e.eslint) << name;
    EXPECT_EQ(json["messages"][0]["fatal"], e.fatal) << name;
    EXPECT_EQ(json[e.eslint == 2 ? "errorCount" : "warningCount"], 1) << name;
    EXPECT_EQ(json["fatalErrorCount"], e.fatal ? 1 : 0) << name;
  }
}

// --- names and source text reach no terminal unescaped (issue 13) ---------------------------

std::vector<FileResult> hostile_names() {
  const std::string text = "const s = \"\x1b]0;pwned\x07\"; await Promise.all(rows.map(save)); // \xe2\x80\xae evil\n";
  const std::size_t at = text.find("Promise");
  Diagnostic finding{.rule_id = "unbounded-promise-all",
                     .severity = Severity::error,
                     .span = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 7)},
                     .message = "`Promise.all` starts one `save` per element of `rows\x1b[2J` at once",
                     .related = {{.span = {0, 5}, .label = "label\x1b[1m"}},
                     .help = "help\nwith a break"};
  return {FileResult{.file = std::make_shared<SourceFile>("src/a\nb\x1b[31m\xc2\x9b.js", text),
                     .diagnostics = {finding},
                     .parsed = true}};
}

TEST(Escaping, LineFormatsKeepOneFindingPerLineAndNoEscapes) {
  const auto files = hostile_names();
  const std::string compact = render_to_string(Format::compact, files);
  EXPECT_EQ(compact,
            "src/a\\nb\\x1b[31m\\u009b.js:1:31: error: `Promise.all` starts one `save` per element of "
            "`rows\\x1b[2J` at once [unbounded-promise-all]\n");
  for (const Format format : {Format::text, Format::stylish, Format::compact, Format::github}) {
    const std::string out = render_to_string(format, files);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << format_name(format) << ": " << out;
    EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos) << format_name(format);
    EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos) << format_name(format);
    EXPECT_EQ(out.find("\x07"), std::string::npos) << format_name(format);
  }
  // GitHub decodes %0A back to the file's real name; the rest is shown escaped.
  EXPECT_NE(render_to_string(Format::github, files).find("file=src/a%0Ab\\x1b[31m\\u009b.js,"), std::string::npos)
      << render_to_string(Format::github, files);
  // The stylish header line and the text location name the file on one line.
  EXPECT_NE(render_to_string(Format::stylish, files).find("/home/dev/project/src/a\\nb\\x1b[31m\\u009b.js\n"),
            std::string::npos);
  EXPECT_NE(render_to_string(Format::text, files).find("--> src/a\\nb\\x1b[31m\\u009b.js:1:31\n"), std::string::npos);
}

TEST(Escaping, CodeFramesShowControlCharactersAsOneCellPictures) {
  const std::string text = render_to_string(Format::text, hostile_names());
  // ESC and BEL as U+241B and U+2407; the right-to-left override as U+FFFD.
  EXPECT_NE(text.find("1 | const s = \"\xe2\x90\x9b]0;pwned\xe2\x90\x87\"; await Promise.all(rows.map(save)); // "
                      "\xef\xbf\xbd evil\n"),
            std::string::npos)
      << text;
  // Each picture takes the one cell the control character was counted as: the caret still lines up.
  EXPECT_NE(text.find("\n  |                               ^^^^^^^\n"), std::string::npos) << text;
}
}  // namespace
}  // namespace fanout
