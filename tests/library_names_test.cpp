// The names a file may bind to a library of the catalog: what library_of()
// checks before resolving a receiver, and the anchors unbounded-library-map's
// walk enters (a function imported under a name of the file's choosing).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/semantic.hpp"
#include "fanout/source_file.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

std::optional<std::vector<std::string>> names_in(std::string text, Language language = Language::javascript) {
  const SourceFile file("a.js", std::move(text));
  Parser parser;
  const Tree tree = parser.parse(file.text(), language);
  const AnalysisOptions options;
  const Semantic semantic(file, tree.root(), options);
  return semantic.library_names();
}

bool has(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> rule_ids(const FileResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.rule_id);
  return out;
}

TEST(LibraryNames, EveryWayOfBindingAModuleAndItsAliases) {
  const auto names = names_in(
      "import pMap from 'p-map';\n"
      "import { map as each, series } from 'async';\n"
      "import * as B from 'bluebird';\n"
      "const lib = require(\"neo-async\");\n"
      "const { mapLimit: limited } = require(`async`);\n"
      "const m = lib.map;\n"
      "const later = async () => { const inner = (await import('p-all')).default; };\n"
      "let assigned; assigned = require('node:async');\n"
      "const rows = await db.query('select');\n"
      "rows.map((r) => r.id);\n");
  ASSERT_TRUE(names);
  for (const char* name : {"pMap", "each", "series", "B", "lib", "limited", "m", "later", "inner", "assigned"}) {
    EXPECT_TRUE(has(*names, name)) << name;
  }
  // A receiver that is no library is rejected by the set, before any scope lookup.
  EXPECT_FALSE(has(*names, "rows"));
  EXPECT_FALSE(has(*names, "db"));
}

TEST(LibraryNames, AModuleNameOutsideAStringBindsNothing) {
  // `async` the keyword, and a comment naming bluebird, are no module strings.
  const auto names = names_in(
      "// uses bluebird elsewhere\n"
      "const run = async (xs) => xs.map((x) => x);\n"
      "const s = require('p-map');\n");
  ASSERT_TRUE(names);
  EXPECT_TRUE(has(*names, "s"));
  EXPECT_FALSE(has(*names, "run"));
}

TEST(LibraryNames, NoLibraryMentionedIsAnEmptySet) {
  const auto names = names_in("const rows = load(); rows.map((r) => r.id);\n");
  ASSERT_TRUE(names);
  EXPECT_TRUE(names->empty());
}

TEST(LibraryNames, AnAliasChainTooLongToFollowTurnsTheFilterOff) {
  std::string text = "const a0 = require('p-map');\n";
  for (int i = 1; i <= 12; ++i) text += "const a" + std::to_string(i) + " = a" + std::to_string(i - 1) + ";\n";
  EXPECT_FALSE(names_in(text));  // nullopt: every name may be a library's
}

TEST(LibraryNames, ACalleeFoundOnlyThroughAliasesIsStillReported) {
  // The walk skips subtrees holding no anchor; the renamed p-map function, ten
  // aliases deep (past the chain the set follows), must still be entered.
  std::string chained = "const a0 = require('p-map');\n";
  for (int i = 1; i <= 10; ++i) chained += "const a" + std::to_string(i) + " = a" + std::to_string(i - 1) + ";\n";
  chained += "export async function go(ids) {\n  return a10(ids, async (id) => fetch(id));\n}\n";
  const std::string short_chain =
      "const run = require('p-map');\nconst go = run;\n"
      "export async function f(ids) {\n  return go(ids, async (id) => fetch(id));\n}\n";
  for (const bool prefilter : {true, false}) {
    AnalysisOptions options;
    options.prefilter = prefilter;
    Analyzer analyzer(options);
    EXPECT_EQ(rule_ids(analyzer.analyze("a.js", chained, Language::javascript)),
              std::vector<std::string>{"unbounded-library-map"})
        << "prefilter " << prefilter;
    EXPECT_EQ(rule_ids(analyzer.analyze("b.js", short_chain, Language::javascript)),
              std::vector<std::string>{"unbounded-library-map"})
        << "prefilter " << prefilter;
  }
}

TEST(LibraryNames, ATeamHelperIsAnAnchorToo) {
  // `fanAll` is no catalog member: only the helper's own words make the walk enter its call.
  AnalysisOptions options;
  options.map_helpers.push_back(MapHelper{.callee = "PromiseUtils.fanAll", .collection_arg = 0, .options_arg = 2});
  Analyzer analyzer(options);
  const FileResult result = analyzer.analyze(
      "a.js",
      "import pMap from 'p-map';\n"
      "export async function f(ids) {\n  return PromiseUtils.fanAll(ids, async (id) => fetch(id));\n}\n",
      Language::javascript);
  EXPECT_EQ(rule_ids(result), std::vector<std::string>{"unbounded-library-map"});
}

}  // namespace
}  // namespace fanout
