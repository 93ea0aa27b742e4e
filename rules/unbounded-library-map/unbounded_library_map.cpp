// unbounded-library-map: the library sinks of the catalog (bluebird
// map/filter, p-map, p-all, the async package's collection functions) and a
// team's declared helpers, without a concurrency limit (semantics.md: Sinks,
// rows 3-6; Clarifications). Which call is such a sink is the catalog's rows
// and one matcher (Semantic::library_sink); this rule decides the limit.
#include <cmath>

#include <fmt/format.h>

#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "fanout/sinks.hpp"
#include "fanout/wording.hpp"

namespace fanout::rules {
namespace {

// The limit option: missing (when the default is unlimited), Infinity, or 0
// where the library reads it as no limit. Anything else we cannot evaluate is
// a limit. "" when the function takes no limit at all (async.map).
std::optional<std::string> missing_limit(const Semantic::SinkCall& call, const Semantic& semantic) {
  const SinkRow& row = *call.row;
  if (row.limit_option.empty()) return "";
  const auto lookup = semantic.option(call.options, row.limit_option);
  if (lookup.options_opaque && !lookup.value) return std::nullopt;
  if (!lookup.value) {
    if (!row.unlimited_by_default) return std::nullopt;
    return fmt::format("no `{}` option", row.limit_option);
  }
  const auto bound = semantic.upper_bound(lookup.value);
  if (!bound) return std::nullopt;
  if (std::isinf(*bound)) return fmt::format("`{}: {}` is no limit", row.limit_option, semantic.text(lookup.value));
  if (*bound == 0 && row.zero_is_unlimited) {
    return fmt::format("`{}: 0` is no limit for {}", row.limit_option, library_name(row.library));
  }
  return std::nullopt;
}

class UnboundedLibraryMap final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    Semantic& semantic = context.semantic();
    const auto call = semantic.library_sink(node);
    if (!call) return;
    const auto reason = missing_limit(*call, semantic);
    if (!reason) return;
    Finding finding{
        .sink_call = node,
        .sink = call->name,
        .sink_method = context.text(node.field(Field::function).unwrapped()),
        .row = call->row,
        .collection = call->collection,
        .collection_text = call->collection ? wording::short_code(context.text(call->collection.unwrapped())) : "",
        .note = *reason,
    };
    // The primary location: the library's object (`async` of `async.map`),
    // the function (`pMap`), or the method of a bluebird promise (`.map`).
    const Node callee = node.field(Field::function).unwrapped();
    Node at = callee;
    if (callee.is(Kind::member_expression)) {
      at = call->row->on_promise ? callee.field(Field::property) : callee.field(Field::object).unwrapped();
      finding.sink_method = context.text(callee.field(Field::property));
    }
    finding.callee = {at.start(), at.end()};

    if (call->row->kind == SinkKind::tasks) {
      // A literal array or object of tasks is a fixed set; a mapped one is not.
      if (!call->collection) return;
      finding.verdict = semantic.evaluate(call->collection, Facet::work, true);
      if (finding.verdict.extent != Extent::unbounded) return;
      context.report(*this, std::move(finding));
      return;
    }
    // Over a bounded collection, or with a callback that starts nothing, there is no fan-out.
    if (call->collection) {
      finding.verdict = semantic.evaluate(call->collection, Facet::size);
      if (finding.verdict.extent == Extent::bounded) return;
    }
    if (!call->callback) return;
    finding.callback = semantic.callback(call->callback);
    if (finding.callback.limited || !finding.callback.starts_work) return;
    context.report(*this, std::move(finding));
  }

  Diagnostic describe(const Finding& finding, const SourceFile& file) const override {
    Diagnostic d{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
    };
    const std::string elements = finding.collection_text.empty() ? std::string("the resolved collection")
                                                                 : fmt::format("`{}`", finding.collection_text);
    const std::string reason = finding.note.empty() ? "" : fmt::format(" ({})", finding.note);
    // Where a named collection comes from, when the evaluator could see it.
    const bool sourced = finding.verdict.extent == Extent::unbounded;
    if (sourced) d.related = wording::related_from(finding.verdict, file);
    const std::string source = sourced ? wording::source_clause(finding, file) : "";
    const std::string prefix = finding.sink.substr(0, finding.sink.rfind('.') + 1);
    if (finding.row->kind == SinkKind::tasks) {
      d.message = fmt::format("`{}` starts every task of {} at once{}{}", finding.sink, elements, reason, source);
      d.help = finding.note.empty()
                   ? fmt::format("use `{}Limit(tasks, 8, ...)` or `{}` to bound how many run together",
                                 prefix + "parallel", prefix + "series")
                   : "pass a limit, e.g. `{ concurrency: 8 }`, or run the tasks one at a time";
      return d;
    }
    d.message = fmt::format("`{}` starts {} per element of {} with no concurrency limit{}{}", finding.sink,
                            wording::work_phrase(finding), elements, reason, source);
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
      .summary = "bluebird `map`/`filter`, `pMap`, `pAll` or an `async` collection function with no concurrency "
                 "limit",
      .fix = FixAvailability::none,
      .kinds = {Kind::call_expression},
      // A sink is bound to its library only through a module string naming it;
      // the analyzer adds the names of a team's helpers.
      .needles = sink_module_needles(),
      .may_report = prefilter::may_load_sink_library,
      // A sink is called as a method the catalog names (`async.map`, `.map`
      // on a bluebird promise) or by a name the file binds to a library
      // (`pMap`, `import { map as each } from 'async'`); the analyzer adds
      // the words of a team's helpers.
      .anchors = sink_members(),
      .parsed_anchors = [](const Semantic& semantic) { return semantic.library_names(); },
  };
};

}  // namespace

const Rule& unbounded_library_map() {
  static const UnboundedLibraryMap rule;
  return rule;
}

}  // namespace fanout::rules
