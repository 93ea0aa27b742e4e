// The collection evaluator answers with data (style.md: provenance is data;
// English is made in one place): steps have a kind, a span and a subject, and
// only src/diag/ words them.
#include <gtest/gtest.h>

#include <string>

#include "fanout/analyzer.hpp"
#include "fanout/semantic.hpp"
#include "fanout/source_file.hpp"
#include "fanout/wording.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

// A parsed file and its semantic layer.
struct Parsed {
  explicit Parsed(std::string text) : file("a.js", std::move(text)), tree(parser.parse(file.text(), Language::javascript)) {}
  /// The argument `index` of the first call whose callee is written `callee`.
  Node argument(std::string_view callee, std::size_t index) const {
    Node found;
    walk(tree.root(), [&](Node n) {
      if (!found && n.is(Kind::call_expression) && n.field(Field::function).text(file.text()) == callee) {
        found = n.arguments().at(index);
      }
      return !found;
    });
    return found;
  }
  AnalysisOptions options;
  SourceFile file;
  Parser parser;
  Tree tree;
};

TEST(Evaluator, StepsAreDataFromSourceToSink) {
  Parsed p(
      "async function save(rows) {\n"
      "  const writes = rows.map((r) => db.insert(r));\n"
      "  return Promise.all(writes);\n"
      "}\n"
      "async function go(users) { await save(users.map((u) => load(u))); }\n");
  Semantic semantic(p.file, p.tree.root(), p.options);
  const Verdict v = semantic.evaluate(p.argument("Promise.all", 0), Facet::work);
  ASSERT_EQ(v.extent, Extent::unbounded);
  ASSERT_EQ(v.steps.size(), 1u);
  EXPECT_EQ(v.steps[0].kind, StepKind::mapped_over);
  EXPECT_EQ(v.steps[0].how, ".map");
  EXPECT_EQ(v.steps[0].subject, "rows");
  EXPECT_EQ(v.steps[0].work, "db.insert");
  EXPECT_EQ(v.steps[0].through, std::vector<std::string>{"writes"});
  EXPECT_EQ(p.file.slice(v.steps[0].span.start, v.steps[0].span.end), "map((r) => db.insert(r))");
  EXPECT_EQ(wording::origin(v, p.file), "`.map` over `rows`");
  const auto related = wording::related_from(v, p.file);
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0].label, "`writes` comes from `.map` over `rows`, which starts `db.insert` per element");
}

TEST(Evaluator, ParametersFedByACallAndUnknownOrigins) {
  Parsed p(
      "async function save(items) { return Promise.all(items); }\n"
      "async function go(users) {\n"
      "  await save(users.map((u) => load(u)));\n"
      "}\n"
      "async function later(jobs) { return Promise.all(jobs); }\n");
  Semantic semantic(p.file, p.tree.root(), p.options);
  const Verdict fed = semantic.evaluate(p.argument("Promise.all", 0), Facet::work);
  ASSERT_EQ(fed.extent, Extent::unbounded);
  ASSERT_EQ(fed.steps.size(), 2u);
  EXPECT_EQ(fed.steps[1].kind, StepKind::fed_by_call);
  EXPECT_EQ(fed.steps[1].subject, "items");
  EXPECT_EQ(p.file.position(fed.steps[1].site.start).line, 3u);
  EXPECT_EQ(wording::origin(fed, p.file), "`.map` over `users` at line 3, passed in by the call at line 3");

  Node jobs;
  walk(p.tree.root(), [&](Node n) {
    if (n.is(Kind::identifier) && n.text(p.file.text()) == "jobs" && n.parent().is(Kind::arguments)) jobs = n;
    return true;
  });
  const Verdict unknown = semantic.evaluate(jobs, Facet::work);
  EXPECT_EQ(unknown.extent, Extent::unknown);
  ASSERT_EQ(unknown.steps.size(), 1u);
  EXPECT_EQ(unknown.steps[0].kind, StepKind::unfed_parameter);
  EXPECT_EQ(wording::origin(unknown, p.file), "`jobs` is a parameter that no call in this file feeds");
  EXPECT_TRUE(wording::related_from(unknown, p.file).empty());
}

TEST(Evaluator, SizesCountAndNameTheirSource) {
  Parsed p(
      "const few = [1, 2, 3];\n"
      "f(few, Array.from({ length: 40 }), rows.slice(0, 5));\n"
      "const ids = [];\n"
      "for (const r of rows) ids.push(r.id);\n"
      "g(ids);\n");
  p.options.max_literal_elements = 16;
  Semantic semantic(p.file, p.tree.root(), p.options);
  const Verdict few = semantic.evaluate(p.argument("f", 0), Facet::size);
  EXPECT_EQ(few.extent, Extent::bounded);
  EXPECT_EQ(few.count, 3.0);
  const Verdict many = semantic.evaluate(p.argument("f", 1), Facet::size);
  EXPECT_EQ(many.extent, Extent::unbounded);  // 40 > max-literal-elements
  EXPECT_EQ(many.count, 40.0);
  const Verdict window = semantic.evaluate(p.argument("f", 2), Facet::size);
  EXPECT_EQ(window.extent, Extent::bounded);
  EXPECT_TRUE(window.window);
  const Verdict ids = semantic.evaluate(p.argument("g", 0), Facet::size);
  EXPECT_EQ(ids.extent, Extent::unbounded);
  EXPECT_FALSE(ids.count);
  ASSERT_EQ(ids.steps.size(), 1u);
  EXPECT_EQ(ids.steps[0].kind, StepKind::filled_in_loop);
  EXPECT_EQ(ids.steps[0].loop, LoopKind::for_of);
  EXPECT_EQ(wording::origin(ids, p.file), "`push` inside a `for...of` loop");
}

TEST(Evaluator, LibraryMapsNameTheirSourceLikeCombinators) {
  const std::string text =
      "import pMap from 'p-map';\n"
      "export async function sync(rows) {\n"
      "  const ids = [];\n"
      "  for (const r of rows) ids.push(r.id);\n"
      "  await pMap(ids, (id) => load(id));\n"
      "}\n";
  Analyzer analyzer(AnalysisOptions{});
  const FileResult result = analyzer.analyze("sync.mjs", text, Language::javascript);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.rule_id, "unbounded-library-map");
  EXPECT_EQ(d.message,
            "`pMap` starts one `load` per element of `ids` with no concurrency limit (no `concurrency` option); "
            "`ids` comes from `push` inside a `for...of` loop at line 4");
  ASSERT_EQ(d.related.size(), 1u);
  EXPECT_EQ(d.related[0].label, "`ids` is filled here, inside a `for...of` loop");
}

// The work a message names is the call whose result the callback returns or
// awaits, not a call it only tests or stores first.
TEST(Evaluator, TheWorkNamedIsTheCallWhoseResultIsHandedOn) {
  const std::string text =
      "export async function run(rows, handlers) {\n"
      "  const items = [];\n"
      "  for (const r of rows) items.push(r);\n"
      "  await Promise.all(items.map((d) => (d.isDirectory() ? walk(d) : d.name)));\n"
      "  await Promise.all(items.map((p) => { const f = handlers.get(p); if (f) return f(p); }));\n"
      "  await Promise.all(items.map(async (m) => { const base = commonBase(m); return (await glob(m, base)).sort(); }));\n"
      "  await Promise.all(items.map((a) => { log(a); mailer.invite(a); }));\n"
      "}\n";
  std::vector<std::string> starts;
  for (const Diagnostic& d : Analyzer(AnalysisOptions{}).analyze("run.mjs", text, Language::javascript).diagnostics) {
    starts.push_back(d.message.substr(0, d.message.find(" per element")));
  }
  ASSERT_EQ(starts.size(), 4u);
  EXPECT_EQ(starts[0], "`Promise.all` starts one `walk`");
  EXPECT_EQ(starts[1], "`Promise.all` starts one `f`");
  EXPECT_EQ(starts[2], "`Promise.all` starts one async callback awaiting `glob`");
  EXPECT_EQ(starts[3], "`Promise.all` starts one `log`");  // nothing handed on: the first call
}

TEST(Evaluator, KeyedAssignmentsAreFillsAndSaySo) {
  Parsed p(
      "async function evictAll(keys) {\n"
      "  const ps = [];\n"
      "  for (let i = 0; i < keys.length; i++) ps[i] = evict(keys[i]);\n"
      "  return Promise.all(ps);\n"
      "}\n");
  Semantic semantic(p.file, p.tree.root(), p.options);
  const Verdict v = semantic.evaluate(p.argument("Promise.all", 0), Facet::work);
  ASSERT_EQ(v.extent, Extent::unbounded);
  ASSERT_EQ(v.steps.size(), 1u);
  EXPECT_EQ(v.steps[0].kind, StepKind::filled_in_loop);
  EXPECT_TRUE(v.steps[0].keyed);
  EXPECT_EQ(p.file.slice(v.steps[0].span.start, v.steps[0].span.end), "ps[i] = evict(keys[i])");
  EXPECT_EQ(wording::origin(v, p.file), "a keyed assignment inside a `for` loop");
}

}  // namespace
}  // namespace fanout
