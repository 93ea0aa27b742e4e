// The rewrite engine: every style against golden files, the safety gate, the
// one-pass applier, the reparse guard and the atomic writer.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fanout/analyzer.hpp"
#include "fanout/fix.hpp"
#include "fanout/rule.hpp"
#include "fanout/semantic.hpp"
#include "fanout/source_file.hpp"
#include "fix/parts.hpp"
#include "fix/test_support.hpp"
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using fixtest::fix_until_stable;
using fixtest::options_for;
using fixtest::read_text;
using fixtest::safe_fixes;
using fixtest::write_text;

const fs::path kGolden = fs::path(FANOUT_SOURCE_DIR) / "tests/fix/golden";

// ---- golden files: every input in every style ----

struct GoldenCase {
  std::string file;
  std::string style;
  friend void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.style << " " << c.file; }
};

std::string case_name(const testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.style + "_" + info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kGolden / "input")) files.push_back(entry.path().filename());
  std::sort(files.begin(), files.end());
  // `custom` differs from bluebird only in its import, so a few files cover it;
  // the for-of body cases only matter to that style.
  const std::set<std::string> custom_files = {"arrow-body.ts", "cjs-shapes.js", "esm-no-imports.mjs"};
  for (const auto& file : files) {
    for (const std::string style : {"bluebird", "p-map", "for-of", "custom"}) {
      if (style == "custom" && !custom_files.contains(file)) continue;
      if (file.starts_with("for-of-") && style != "for-of") continue;
      cases.push_back({file, style});
    }
  }
  return cases;
}

// Inputs are stored with LF and no BOM; `crlf-` and `bom-` cases add them so
// the repository never depends on git's line-ending settings.
std::string prepared_input(const std::string& file, const std::string& stored) {
  std::string text = stored;
  if (file.starts_with("crlf-")) text = fixtest::to_crlf(text);
  if (file.starts_with("bom-")) text = "\xEF\xBB\xBF" + text;
  return text;
}

std::string stored_output(const std::string& file, std::string text) {
  if (file.starts_with("bom-")) {
    EXPECT_TRUE(text.starts_with("\xEF\xBB\xBF")) << "the BOM was lost";
    text.erase(0, 3);
  }
  if (file.starts_with("crlf-")) {
    EXPECT_FALSE(fixtest::has_lone_lf(text)) << "an inserted line ends with LF in a CRLF file:\n" << text;
    text = fixtest::to_lf(text);
  }
  return text;
}

class Golden : public testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesAndSettles) {
  const auto& [file, style] = GetParam();
  const fs::path input = kGolden / "input" / file;
  const fs::path expected_path = kGolden / style / file;
  const std::string original = prepared_input(file, read_text(input));
  const AnalysisOptions options = options_for(style, (kGolden).string());

  const auto run = fix_until_stable(input.string(), original, options);
  EXPECT_LE(run.syntax_errors, run.baseline_errors) << "the fixed text has new syntax errors:\n" << run.text;
  EXPECT_TRUE(safe_fixes(input.string(), run.text, options).empty()) << "a second --fix would change more";

  // A style that leaves the file alone has no golden: the input is the expectation.
  const std::string actual = stored_output(file, run.text);
  const bool unchanged = run.text == original;
  if (std::getenv("FANOUT_UPDATE_GOLDEN") != nullptr) {
    fs::remove(expected_path);
    if (unchanged) return;
    fs::create_directories(expected_path.parent_path());
    write_text(expected_path, actual);
    return;
  }
  if (unchanged) {
    EXPECT_FALSE(fs::exists(expected_path)) << expected_path << " expects a rewrite, but the file was left alone";
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing; run with FANOUT_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read_text(expected_path)) << "golden " << expected_path;
}

INSTANTIATE_TEST_SUITE_P(Fix, Golden, testing::ValuesIn(golden_cases()), case_name);

TEST(FixGolden, NotFixableFileIsUnchangedInEveryStyle) {
  const fs::path input = kGolden / "input/not-fixable.js";
  const std::string text = read_text(input);
  for (const char* style : {"bluebird", "p-map", "for-of", "custom"}) {
    const auto run = fix_until_stable(input.string(), text, options_for(style, kGolden.string()));
    EXPECT_EQ(run.text, text) << style;
    EXPECT_EQ(run.applied, 0u) << style;
  }
}

// ---- the safety gate, one finding at a time ----

struct Planned {
  std::vector<std::optional<Fix>> fixes;  // one per promise combinator call, in order
};

// Plans a fix for every `X.all/allSettled/any/race(...)` call, building the
// Finding by hand so the gate is tested apart from the rules.
Planned plan_each(const std::string& path, const std::string& text, FixStyle style = FixStyle::bluebird) {
  Planned planned;
  AnalysisOptions options;
  options.fix.style = style;
  SourceFile file(path, text);
  Parser parser;
  Tree tree = parser.parse(file.text(), language_for_path(path));
  Semantic semantic(file, tree.root(), options);
  walk(tree.root(), [&](Node n) {
    if (!n.is(Kind::call_expression)) return true;
    const Node callee = n.field(Field::function);
    if (!callee.is(Kind::member_expression)) return true;
    const std::string_view method = semantic.text(callee.field(Field::property));
    if (method != "all" && method != "allSettled" && method != "any" && method != "race") return true;
    const auto args = sem::arguments_of(n);
    // As the rule fills it: the combinator's object and method come with the finding.
    Finding finding{.sink_call = n,
                    .sink = std::string(semantic.text(callee)),
                    .sink_object = callee.field(Field::object),
                    .sink_method = method,
                    .collection = args.at(0)};
    planned.fixes.push_back(plan_rewrite(finding, semantic, options.fix));
    return true;
  });
  return planned;
}

Applicability applicability(const std::optional<Fix>& fix) {
  return fix ? fix->applicability : Applicability::unsafe;  // `unsafe` stands for "no fix" here
}

TEST(FixGate, OnlyPromiseAllOverMapIsSafe) {
  const auto planned = plan_each("a.js", R"(async function f(xs) {
  await Promise.all(xs.map((x) => g(x)));
  await Promise.allSettled(xs.map((x) => g(x)));
  await Promise.any(xs.map((x) => g(x)));
  await Promise.race(xs.map((x) => g(x)));
})");
  ASSERT_EQ(planned.fixes.size(), 4u);
  EXPECT_EQ(applicability(planned.fixes[0]), Applicability::safe);
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(applicability(planned.fixes[i]), Applicability::display_only) << i;
    EXPECT_TRUE(planned.fixes[i]->edits.empty());
  }
}

TEST(FixGate, ThirdParameterThenChainAndImportedReferenceAreNotSafe) {
  const auto planned = plan_each("a.mjs", R"(import { load } from './load.mjs';
export async function f(xs) {
  await Promise.all(xs.map((x, i, all) => g(x, all.length)));
  Promise.all(xs.map((x) => g(x))).then(done);
  await Promise.all(xs.map(load));
  await Promise.all(xs.map(local));
  await Promise.all(xs.map(wide));
}
function local(x, i) { return g(x, i); }
function wide(x, i, all) { return g(x, all); }
)");
  ASSERT_EQ(planned.fixes.size(), 5u);
  EXPECT_EQ(applicability(planned.fixes[0]), Applicability::display_only);
  EXPECT_NE(planned.fixes[0]->title.find("third parameter"), std::string::npos) << planned.fixes[0]->title;
  // A `.then` chain is rewritten only on request (--fix-unsafe), never by --fix.
  EXPECT_EQ(applicability(planned.fixes[1]), Applicability::unsafe);
  EXPECT_NE(planned.fixes[1]->title.find(".then"), std::string::npos) << planned.fixes[1]->title;
  EXPECT_EQ(applicability(planned.fixes[2]), Applicability::display_only);
  EXPECT_EQ(applicability(planned.fixes[3]), Applicability::safe);
  EXPECT_EQ(applicability(planned.fixes[4]), Applicability::display_only);
}

TEST(FixGate, UnusedThirdParameterIsFixable) {
  const auto planned = plan_each("a.js", "async function f(xs) { await Promise.all(xs.map((x, i, _all) => g(x, i))); }");
  ASSERT_EQ(planned.fixes.size(), 1u);
  EXPECT_EQ(applicability(planned.fixes[0]), Applicability::safe);
}

TEST(FixGate, SparseArraysAreNotRewritten) {
  // `.map` skips holes; a loop or a library call would call the callback for each.
  const auto planned = plan_each("a.js", R"(async function f(n) {
  const slots = new Array(n);
  await Promise.all(slots.map((s, i) => g(i)));
  await Promise.all(Array(n).map((s, i) => g(i)));
  await Promise.all(Array.from({ length: n }).map((s, i) => g(i)));
})", FixStyle::for_of);
  ASSERT_EQ(planned.fixes.size(), 3u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(applicability(planned.fixes[i]), Applicability::display_only) << i;
    EXPECT_NE(planned.fixes[i]->title.find("sparse array"), std::string::npos) << planned.fixes[i]->title;
  }
  EXPECT_EQ(applicability(planned.fixes[2]), Applicability::safe);
}

TEST(FixGate, ShadowedPromiseIsNotTouched) {
  const auto planned = plan_each("a.js", R"(const Promise = require('./my-promise');
async function f(xs) { await Promise.all(xs.map((x) => g(x))); })");
  ASSERT_EQ(planned.fixes.size(), 1u);
  EXPECT_FALSE(planned.fixes[0].has_value());
}

TEST(FixGate, ForOfNeedsAStatement) {
  const auto planned = plan_each("a.js", R"(async function f(xs) {
  use(await Promise.all(xs.map((x) => g(x))));
  const [a, b] = await Promise.all(xs.map((x) => g(x)));
  return Promise.all(xs.map((x) => g(x)));
}
function h(xs) { return Promise.all(xs.map((x) => g(x))); }
const k = (xs) => Promise.all(xs.map((x) => g(x)));
)",
                                 FixStyle::for_of);
  ASSERT_EQ(planned.fixes.size(), 5u);
  EXPECT_EQ(applicability(planned.fixes[0]), Applicability::display_only);
  EXPECT_EQ(applicability(planned.fixes[1]), Applicability::display_only);
  EXPECT_EQ(applicability(planned.fixes[2]), Applicability::safe);
  EXPECT_EQ(applicability(planned.fixes[3]), Applicability::display_only) << "not an async function";
  EXPECT_EQ(applicability(planned.fixes[4]), Applicability::display_only);
}

TEST(FixGate, ForOfCallsTheCallbackWhenInliningWouldChangeIt) {
  const std::string text = R"(async function f(xs) {
  const r = await Promise.all(xs.map(async (x = 1) => {
    if (x) return g(x);
    return h(x);
  }));
  return r;
}
)";
  const auto planned = plan_each("a.js", text, FixStyle::for_of);
  ASSERT_EQ(planned.fixes.size(), 1u);
  ASSERT_EQ(applicability(planned.fixes[0]), Applicability::safe);
  const auto applied = apply_fixes(text, {&*planned.fixes[0]});
  EXPECT_NE(applied.text.find("r.push(await (async (x = 1) => {"), std::string::npos) << applied.text;
  EXPECT_NE(applied.text.find("})(item));"), std::string::npos) << applied.text;
}

// ---- imports and names ----

TEST(FixImports, CustomStyleWritesTheImportRelativeToTheFile) {
  const fs::path root = fs::temp_directory_path() / fmt::format("fanout-custom-{}", ::getpid());
  fs::create_directories(root / "src/jobs");
  FixOptions options{.style = FixStyle::custom,
                     .custom_callee = "PromiseUtils.mapSeries",
                     .custom_import = "./lib/promise-utils",
                     .repo_root = root.string()};
  EXPECT_EQ(fixer::custom_specifier(options, (root / "src/jobs/run.js").string()), "../../lib/promise-utils");
  EXPECT_EQ(fixer::custom_specifier(options, (root / "lib/x.js").string()), "./promise-utils");
  options.custom_import = "@acme/promise-utils";
  EXPECT_EQ(fixer::custom_specifier(options, (root / "src/jobs/run.js").string()), "@acme/promise-utils");
  fs::remove_all(root);
}

TEST(FixImports, ImportGoesAfterShebangAndUseStrict) {
  AnalysisOptions options;
  options.fix.style = FixStyle::bluebird;
  auto run = fix_until_stable("tool.js", "#!/usr/bin/env node\nasync function f(xs) {\n  await Promise.all(xs.map((x) => g(x)));\n}\n", options);
  EXPECT_EQ(run.text,
            "#!/usr/bin/env node\nconst Bluebird = require('bluebird');\n\nasync function f(xs) {\n"
            "  await Bluebird.mapSeries(xs, (x) => g(x));\n}\n");
  run = fix_until_stable("tool.js", "'use strict';\n\nasync function f(xs) {\n  await Promise.all(xs.map((x) => g(x)));\n}\n", options);
  EXPECT_EQ(run.text,
            "'use strict';\nconst Bluebird = require('bluebird');\n\nasync function f(xs) {\n"
            "  await Bluebird.mapSeries(xs, (x) => g(x));\n}\n");
}

TEST(FixImports, SemicolonFreeFilesStaySemicolonFree) {
  AnalysisOptions options;
  options.fix.style = FixStyle::p_map;
  const auto run = fix_until_stable(
      "a.mjs", "import fs from 'node:fs'\n\nexport const f = async (xs) => {\n  await Promise.all(xs.map((x) => fs.promises.stat(x)))\n}\n",
      options);
  EXPECT_EQ(run.text,
            "import fs from 'node:fs'\nimport pMap from 'p-map'\n\nexport const f = async (xs) => {\n"
            "  await pMap(xs, (x) => fs.promises.stat(x), { concurrency: 8 })\n}\n");
}

TEST(FixLayout, DetectsLineEndingsAndIndentation) {
  EXPECT_EQ(fixer::detect_layout("a\r\nb\r\n").eol, "\r\n");
  EXPECT_EQ(fixer::detect_layout("a\nb\n").eol, "\n");
  EXPECT_EQ(fixer::detect_layout("f {\n\tx\n\t{\n\t\ty\n").indent_unit, "\t");
  EXPECT_EQ(fixer::detect_layout("f {\n    x\n    {\n        y\n    }\n").indent_unit, "    ");
  EXPECT_EQ(fixer::detect_layout("/**\n * doc\n */\nf {\n  x\n}\n").indent_unit, "  ");
}

// ---- applying ----

Fix make_fix(std::vector<Edit> edits) {
  return Fix{.title = "t", .edits = std::move(edits), .applicability = Applicability::safe};
}

TEST(FixApply, SkipsOverlappingFixesWholly) {
  const Fix a = make_fix({{0, 1, "A"}, {4, 5, "E"}});
  const Fix b = make_fix({{2, 3, "C"}, {4, 4, "+"}});
  const Fix c = make_fix({{0, 2, "xx"}});  // overlaps a, and comes first: a waits
  const auto applied = apply_fixes("abcdef", {&c, &a, &b});
  EXPECT_EQ(applied.applied, 2u);
  EXPECT_EQ(applied.skipped, 1u);
  EXPECT_EQ(applied.text, "xxCd+ef");
}

TEST(FixApply, TwoInsertionsAtOnePointWaitForTheNextPass) {
  const Fix a = make_fix({{3, 3, "1"}});
  const Fix b = make_fix({{3, 3, "2"}});
  const auto applied = apply_fixes("abcdef", {&b, &a});
  EXPECT_EQ(applied.applied, 1u);
  EXPECT_EQ(applied.skipped, 1u);
  EXPECT_EQ(applied.text, "abc2def");
}

TEST(FixApply, RejectsEditsOutsideTheText) {
  const Fix a = make_fix({{2, 9, "x"}});
  const auto applied = apply_fixes("abc", {&a, nullptr});
  EXPECT_EQ(applied.applied, 0u);
  EXPECT_EQ(applied.skipped, 1u);
  EXPECT_EQ(applied.text, "abc");
}

TEST(FixApply, ReparseGuardSeesABrokenEdit) {
  const std::string text = "async function f(xs) {\n  await Promise.all(xs.map((x) => g(x)));\n}\n";
  AnalysisOptions options;
  options.fix.style = FixStyle::bluebird;
  Analyzer analyzer(options);
  auto result = analyzer.analyze("a.js", text, Language::javascript);
  Fix* fix = nullptr;
  for (auto& d : result.diagnostics) {
    if (d.fix && d.fix->applicability == Applicability::safe) fix = &*d.fix;
  }
  ASSERT_NE(fix, nullptr);
  const std::size_t before = analyzer.syntax_error_count(text, Language::javascript);
  EXPECT_EQ(analyzer.syntax_error_count(apply_fixes(text, {fix}).text, Language::javascript), before);
  Fix broken = *fix;
  for (Edit& e : broken.edits) {
    if (e.replacement.ends_with(".mapSeries")) e.replacement += "((";
  }
  EXPECT_GT(analyzer.syntax_error_count(apply_fixes(text, {&broken}).text, Language::javascript), before);
}

// ---- writing ----

class FixWrite : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("fanout-write-{}-{}", ::getpid(), testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "a.js").string();
    write_text(path_, "old\n");
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(FixWrite, ReplacesTheFileAndKeepsItsMode) {
  ASSERT_EQ(::chmod(path_.c_str(), 0751), 0);
  EXPECT_EQ(write_file_atomically(path_, "old\n", "new\n"), std::nullopt);
  EXPECT_EQ(read_text(path_), "new\n");
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0751u);
  EXPECT_EQ(entries(), 1u) << "a temporary file was left behind";
}

TEST_F(FixWrite, RefusesAFileChangedOnDisk) {
  write_text(path_, "edited meanwhile\n");
  const auto error = write_file_atomically(path_, "old\n", "new\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("changed on disk since it was read"), std::string::npos) << *error;
  EXPECT_EQ(read_text(path_), "edited meanwhile\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(FixWrite, WritesThroughASymlink) {
  const fs::path link = dir_ / "link.js";
  fs::create_symlink(path_, link);
  EXPECT_EQ(write_file_atomically(link.string(), "old\n", "new\n"), std::nullopt);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_text(path_), "new\n");
}

TEST_F(FixWrite, ExplainsReadOnlyFilesAndFolders) {
  ASSERT_EQ(::chmod(path_.c_str(), 0444), 0);
  auto error = write_file_atomically(path_, "old\n", "new\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("read-only"), std::string::npos) << *error;
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 0555), 0);
  error = write_file_atomically(path_, "old\n", "new\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("folder"), std::string::npos) << *error;
  EXPECT_EQ(read_text(path_), "old\n");
}

TEST_F(FixWrite, MissingFileIsAnError) {
  EXPECT_TRUE(write_file_atomically((dir_ / "gone.js").string(), "", "x").has_value());
}

}  // namespace
}  // namespace fanout
