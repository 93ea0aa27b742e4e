// unbounded-library-map: bluebird map/filter, p-map, the async package's
// collection functions and a team's declared helpers, without a concurrency
// limit (semantics.md: Sinks, rows 3-6; Clarifications).
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "diag/wording.hpp"
#include "fanout/prefilter.hpp"
#include "rules/rules.hpp"
#include "semantic/internal.hpp"

namespace fanout::rules {
namespace {

// The async package's functions that start one task per element at once.
constexpr std::array<std::string_view, 20> kAsyncUnbounded = {
    "map",    "mapValues", "each",   "eachOf", "forEach", "forEachOf", "filter", "reject", "concat", "detect",
    "some",   "every",     "groupBy", "sortBy", "all",    "any",       "find",   "select", "flatMap", "transform"};

enum class SinkKind { bluebird, bluebird_instance, p_map, async_collection, async_tasks, helper };

struct Match {
  SinkKind kind;
  std::string name;        // as written at the call: `pMap`, `async.map`, `B.map`
  Node collection;         // may be null (bluebird instance methods)
  Node callback;
  Node options;            // may be null
  std::string limit_option = "concurrency";
  bool unlimited_by_default = true;
};

bool is_async_unbounded(std::string_view m) {
  for (auto name : kAsyncUnbounded) {
    if (name == m) return true;
  }
  return false;
}

// `Bluebird.resolve(x)`, `B.all(x).then(...)`: a bluebird promise.
bool is_bluebird_promise(Node expression, const Semantic& semantic) {
  Node e = sem::unwrap(expression);
  for (int hops = 0; hops < 16 && e.is(Kind::call_expression); ++hops) {
    Node callee = sem::unwrap(e.field(Field::function));
    if (!callee.is(Kind::member_expression)) return false;
    Node object = sem::unwrap(callee.field(Field::object));
    const LibraryBinding lib = semantic.library_of(object);
    if (lib.library == Library::bluebird && lib.member.empty()) return true;
    e = object;
  }
  return false;
}

// The pre-filter (fanout/prefilter.hpp): except for a team's helpers (the
// analyzer adds their names), every sink is bound to bluebird, p-map or async,
// which the semantic layer sees only through a module string: `require('x')`,
// `import('x')`, `from 'x'`, `import y = require('x')`, `node:` allowed.

bool may_name_library(const prefilter::Text& text) {
  return prefilter::may_load_module(text, "bluebird") || prefilter::may_load_module(text, "p-map") ||
         prefilter::may_load_module(text, "async", "/") || prefilter::may_load_module(text, "async-es", "/") ||
         prefilter::may_load_module(text, "neo-async");
}

Node arg(const std::vector<Node>& args, std::size_t i) { return i < args.size() ? args[i] : Node{}; }

std::optional<Match> match(Node call, RuleContext& context) {
  Node callee = sem::unwrap(call.field(Field::function));
  const bool member = callee.is(Kind::member_expression);
  if (!member && !callee.is(Kind::identifier)) return std::nullopt;
  const std::string_view written = context.text(callee);
  const auto args = sem::arguments_of(call);

  // A team's helper, by the name written at the call site.
  for (const auto& helper : context.options().map_helpers) {
    if (written == helper.callee) {
      return Match{.kind = SinkKind::helper, .name = helper.callee, .collection = arg(args, helper.collection_arg),
                   .callback = arg(args, helper.collection_arg + 1),
                   .options = helper.options_arg ? arg(args, *helper.options_arg) : Node{},
                   .limit_option = helper.limit_option, .unlimited_by_default = helper.unlimited_by_default};
    }
  }
  // Cheapest first: names that can be a library map at all.
  std::string_view method = member ? context.text(callee.field(Field::property)) : written;
  if (member && method != "map" && method != "filter" && !is_async_unbounded(method) && method != "parallel" &&
      method != "race") {
    return std::nullopt;
  }
  Semantic& semantic = context.semantic();
  const LibraryBinding lib = semantic.library_of(member ? callee.field(Field::object) : callee);
  if (!member) {
    if (lib.library == Library::p_map && (lib.member.empty() || lib.member == "pMap")) {
      return Match{.kind = SinkKind::p_map, .name = std::string(written), .collection = arg(args, 0),
                   .callback = arg(args, 1), .options = arg(args, 2)};
    }
    if (lib.library == Library::async_lib && !lib.member.empty()) {
      method = lib.member;
    } else {
      return std::nullopt;
    }
  } else if (!lib.member.empty() && lib.library != Library::none) {
    return std::nullopt;
  }
  if (lib.library == Library::async_lib) {
    if (method == "parallel" || method == "race") {
      return Match{.kind = SinkKind::async_tasks, .name = std::string(written), .collection = arg(args, 0)};
    }
    if (!is_async_unbounded(method)) return std::nullopt;
    return Match{.kind = SinkKind::async_collection, .name = std::string(written), .collection = arg(args, 0),
                 .callback = arg(args, 1)};
  }
  if (method != "map" && method != "filter") return std::nullopt;
  if (lib.library == Library::bluebird) {
    return Match{.kind = SinkKind::bluebird, .name = std::string(written), .collection = arg(args, 0),
                 .callback = arg(args, 1), .options = arg(args, 2)};
  }
  if (member && is_bluebird_promise(callee.field(Field::object), semantic)) {
    return Match{.kind = SinkKind::bluebird_instance, .name = fmt::format(".{}", method),
                 .callback = arg(args, 0), .options = arg(args, 1)};
  }
  return std::nullopt;
}

// The concurrency option: missing (when the default is unlimited), Infinity,
// or 0 for bluebird is no limit. Anything else we cannot evaluate is a limit.
std::optional<std::string> missing_limit(const Match& m, const Semantic& semantic) {
  if (m.kind == SinkKind::async_collection || m.kind == SinkKind::async_tasks) return "";
  const auto lookup = semantic.option(m.options, m.limit_option);
  if (lookup.options_opaque && !lookup.value) return std::nullopt;
  if (!lookup.value) {
    if (!m.unlimited_by_default) return std::nullopt;
    return fmt::format("no `{}` option", m.limit_option);
  }
  const auto bound = semantic.upper_bound(lookup.value);
  if (!bound) return std::nullopt;
  if (std::isinf(*bound)) return fmt::format("`{}: {}` is no limit", m.limit_option, semantic.text(lookup.value));
  if (*bound == 0 && (m.kind == SinkKind::bluebird || m.kind == SinkKind::bluebird_instance)) {
    return fmt::format("`{}: 0` is no limit for bluebird", m.limit_option);
  }
  return std::nullopt;
}

class UnboundedLibraryMap final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    const auto m = match(node, context);
    if (!m) return;
    Semantic& semantic = context.semantic();
    const auto reason = missing_limit(*m, semantic);
    if (!reason) return;
    Finding finding{
        .sink_call = node,
        .sink = m->name,
        .collection = m->collection,
        .collection_text = m->collection ? wording::short_code(context.text(sem::unwrap(m->collection))) : "",
        .note = *reason,
    };
    Node callee = sem::unwrap(node.field(Field::function));
    Node at = callee.is(Kind::member_expression) && m->kind == SinkKind::bluebird_instance
                  ? callee.field(Field::property)
                  : callee;
    if (callee.is(Kind::member_expression) && m->kind != SinkKind::bluebird_instance) {
      at = sem::unwrap(callee.field(Field::object));
    }
    finding.callee = {at.start(), at.end()};

    if (m->kind == SinkKind::async_tasks) {
      // A literal array or object of tasks is a fixed set; a mapped one is not.
      if (!m->collection) return;
      finding.verdict = semantic.fanout(m->collection, true);
      if (finding.verdict.extent != Extent::unbounded) return;
      context.report(*this, std::move(finding));
      return;
    }
    // Over a bounded collection, or with a callback that starts nothing, there is no fan-out.
    if (m->collection && semantic.size_bounded(m->collection)) return;
    if (!m->callback) return;
    finding.callback = semantic.callback(m->callback);
    if (finding.callback.limited || !finding.callback.starts_work) return;
    context.report(*this, std::move(finding));
  }

  Diagnostic describe(const Finding& finding, const SourceFile& file) const override {
    Diagnostic d{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
    };
    const bool tasks = finding.callback.work.empty() && !finding.verdict.steps.empty();
    const std::string elements =
        finding.collection_text.empty() ? std::string("the resolved collection") : fmt::format("`{}`", finding.collection_text);
    if (tasks) {
      d.message = fmt::format("`{}` starts every task of {} at once{}", finding.sink, elements,
                              wording::source_clause(finding, file));
      d.related = wording::related_from(finding.verdict);
      d.help = fmt::format("use `{}Limit(tasks, 8, ...)` or `{}` to bound how many run together",
                           finding.sink.substr(0, finding.sink.rfind('.') + 1) + "parallel",
                           finding.sink.substr(0, finding.sink.rfind('.') + 1) + "series");
      return d;
    }
    const std::string reason = finding.note.empty() ? "" : fmt::format(" ({})", finding.note);
    d.message = fmt::format("`{}` starts {} per element of {} with no concurrency limit{}", finding.sink,
                            wording::work_phrase(finding), elements, reason);
    if (finding.note.empty()) {
      // The async package: name the bounded forms of the same function.
      d.help = fmt::format("use `{0}Limit(..., 8, ...)` or `{0}Series(...)` instead", finding.sink);
    } else {
      d.help = "pass a limit, e.g. `{ concurrency: 8 }`, or process the elements in series";
    }
    return d;
  }

 private:
  RuleMeta meta_{
      .id = "unbounded-library-map",
      .severity = Severity::error,
      .summary = "bluebird `map`/`filter`, `pMap` or an `async` collection function with no concurrency limit",
      .fix = FixAvailability::none,
      .kinds = {Kind::call_expression},
      .needles = {"bluebird", "p-map", "async"},
      .may_report = may_name_library,
  };
};

}  // namespace

const Rule& unbounded_library_map() {
  static const UnboundedLibraryMap rule;
  return rule;
}

}  // namespace fanout::rules
