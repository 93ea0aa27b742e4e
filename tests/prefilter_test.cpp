// The pre-filter is sound: every fixture and example gives the same findings
// with and without it, and each text scan says "maybe" for the odd spellings
// the parser accepts (comments, line breaks, casts, renamed bindings).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fanout/analyzer.hpp"
#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "fixture_support.hpp"

namespace fanout::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> findings(const AnalysisOptions& options, const std::string& path, const std::string& text) {
  Analyzer analyzer(options);
  std::vector<std::string> out;
  for (const Diagnostic& d : analyzer.analyze(path, text, language_for_path(path)).diagnostics) {
    if (d.rule_id == kParseErrorId) continue;
    out.push_back(d.rule_id + "@" + std::to_string(d.span.start) + ": " + d.message);
  }
  return out;
}

void expect_same_with_and_without(const fs::path& file, AnalysisOptions options) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  for (bool strict : {false, true}) {
    options.strict = options.strict || strict;
    options.prefilter = true;
    const auto with = findings(options, file.generic_string(), text.str());
    options.prefilter = false;
    EXPECT_EQ(with, findings(options, file.generic_string(), text.str())) << file;
  }
}

TEST(Prefilter, FixturesAndExamplesGiveTheSameFindings) {
  std::size_t files = 0;
  for (const fs::path& path : all_fixtures(FANOUT_SOURCE_DIR)) {
    expect_same_with_and_without(path, load_fixture(path).options);
    ++files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(FANOUT_SOURCE_DIR) / "examples")) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".js" || ext == ".mjs" || ext == ".ts") {
      expect_same_with_and_without(entry.path(), AnalysisOptions{});
      ++files;
    }
  }
  EXPECT_GT(files, 20u);
}

bool rule_may_report(std::string_view rule, std::string_view text) {
  const RuleMeta& meta = find_rule(rule)->meta();
  return meta.may_report == nullptr || meta.may_report(text);
}

TEST(Prefilter, TextRemembersEachAnswer) {
  const prefilter::Text text("const B = require('bluebird');");
  for (int round = 0; round < 2; ++round) {  // the second round is answered from memory
    EXPECT_TRUE(text.contains("bluebird"));
    EXPECT_FALSE(text.contains("p-map"));
    EXPECT_TRUE(text.contains("require"));
    EXPECT_FALSE(text.contains("Promise"));
  }
  // A module scan asked about an absent module says no, present one yes.
  EXPECT_FALSE(prefilter::may_load_module(text, "p-map"));
  EXPECT_TRUE(prefilter::may_load_module(text, "bluebird"));
}

TEST(Prefilter, CombinatorsThroughCommentsCastsAndBluebird) {
  using prefilter::may_call_combinator;
  EXPECT_TRUE(may_call_combinator("await Promise.all(xs)"));
  EXPECT_TRUE(may_call_combinator("Promise /* c */ . // d\n allSettled(xs)"));
  EXPECT_TRUE(may_call_combinator("Promise?.race(xs)"));
  EXPECT_TRUE(may_call_combinator("(Promise)!.any(xs)"));
  EXPECT_TRUE(may_call_combinator("(Promise as any).all(xs)"));
  EXPECT_TRUE(may_call_combinator("const B = require('bluebird'); B.all(xs)"));
  EXPECT_TRUE(may_call_combinator("import P from \"node:bluebird\"; P.all(xs)"));
  EXPECT_FALSE(may_call_combinator("new Promise((r) => r()); xs.all(); // bluebird"));
  EXPECT_FALSE(may_call_combinator("MyPromise.all(xs); Promise.resolve(all)"));
  EXPECT_FALSE(may_call_combinator("const ok = Promise !== undefined && x.race"));
}

TEST(Prefilter, BytesOfInvalidUtf8NextToANameAreNoPartOfIt) {
  // The lexer skips `\xE0\xE7` as an error and reads `Promise` after it (the
  // fuzzer's `prefilter-differs-svelte-module-script`): no byte from 0x80 up
  // makes a scan read a longer name.
  using prefilter::may_call_combinator;
  EXPECT_TRUE(may_call_combinator("ces[ \xE0\xE7Promise.all([...document.images].map((i) => i.decode()))"));
  EXPECT_TRUE(may_call_combinator("Promise.all\xE7(xs.map(f))"));
  EXPECT_TRUE(prefilter::may_load_sink_library("\xE7require('p-map')"));
  const std::string text = "const xs = load();\nawait \xE0\xE7Promise.all(xs.map((x) => g(x)));\n";
  AnalysisOptions options;
  const auto with = findings(options, "a.js", text);
  options.prefilter = false;
  EXPECT_EQ(with, findings(options, "a.js", text));
  ASSERT_EQ(with.size(), 1u);
  EXPECT_TRUE(with[0].starts_with("unbounded-promise-all@")) << with[0];
}

TEST(Prefilter, AsyncCallbacksInlineOrByName) {
  EXPECT_TRUE(rule_may_report("async-foreach", "xs.forEach(async (x) => f(x))"));
  EXPECT_TRUE(rule_may_report("async-foreach", "xs\n  // c\n  .map(\n (async function (x) {}))"));
  EXPECT_TRUE(rule_may_report("async-foreach", "async function go(x) {}\nxs.forEach(go)"));
  EXPECT_TRUE(rule_may_report("async-foreach", "const go = async (x) => {};\nxs.forEach(go.bind(this))"));
  EXPECT_TRUE(rule_may_report("async-foreach", "let a = 1, go = (async x => x);\nxs.flatMap(go)"));
  EXPECT_TRUE(rule_may_report("async-foreach", "xs.forEach(c ? async () => {} : g)"));
  EXPECT_TRUE(rule_may_report("async-foreach", "const go: Fn = async () => {};\nxs.map(go)"));
  EXPECT_TRUE(rule_may_report("async-foreach", "const go = // why\n async () => {};\nxs.map(go)"));
  EXPECT_TRUE(rule_may_report("async-foreach", "xs.map<Item>(async (x) => x)"));
  EXPECT_FALSE(rule_may_report("async-foreach", "async function go() {}\nxs.forEach((x) => go(x))"));
  EXPECT_FALSE(rule_may_report("async-foreach", "async function go() {}\nxs.map(other)"));
  EXPECT_FALSE(rule_may_report("async-foreach", "class A { async run() {} }\nxs.forEach(run)"));
  EXPECT_FALSE(rule_may_report("async-foreach", "forEach(list, async (x) => x);\nasync.map(xs, go)"));
}

TEST(Prefilter, NamedPredicatesOfTheRules) {
  // Each rule names one predicate of fanout/prefilter.hpp; the catalog decides
  // which libraries the library-map predicate looks for.
  EXPECT_EQ(find_rule("async-foreach")->meta().may_report, &prefilter::may_start_async_callbacks);
  EXPECT_EQ(find_rule("unbounded-library-map")->meta().may_report, &prefilter::may_load_sink_library);
  EXPECT_EQ(find_rule("unbounded-promise-all")->meta().may_report, &prefilter::may_call_combinator);
  EXPECT_TRUE(prefilter::may_start_async_callbacks("async function go() {}\nxs.forEach(go)"));
  EXPECT_FALSE(prefilter::may_start_async_callbacks("xs.forEach(go)"));
  EXPECT_TRUE(prefilter::may_load_sink_library("import pAll from 'p-all'"));
  EXPECT_TRUE(prefilter::may_load_sink_library("const each = require('async-es/each')"));
  EXPECT_FALSE(prefilter::may_load_sink_library("import pLimit from 'p-limit'; import _ from 'lodash'"));
  EXPECT_FALSE(prefilter::may_load_sink_library("import pAll from 'p-all-settled'"));
}

TEST(Prefilter, LibrariesOnlyThroughModuleStrings) {
  EXPECT_TRUE(rule_may_report("unbounded-library-map", "const B = require('bluebird')"));
  EXPECT_TRUE(rule_may_report("unbounded-library-map", "import pMap from \"p-map\""));
  EXPECT_TRUE(rule_may_report("unbounded-library-map", "const each = require( `async/each` )"));
  EXPECT_TRUE(rule_may_report("unbounded-library-map", "import a from\n  'neo-async'"));
  EXPECT_TRUE(rule_may_report("unbounded-library-map", "const a = await import('node:async')"));
  EXPECT_FALSE(rule_may_report("unbounded-library-map", "const mode = 'async'; // uses bluebird"));
  EXPECT_FALSE(rule_may_report("unbounded-library-map", "require('async-mutex'); require('p-map-series')"));
}

}  // namespace
}  // namespace fanout::testing
