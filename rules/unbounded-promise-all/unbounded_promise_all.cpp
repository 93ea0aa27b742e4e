// unbounded-promise-all: a promise combinator over a collection whose size
// comes from runtime data (semantics.md: Sinks, first two rows).
#include <fmt/format.h>

#include "diag/wording.hpp"
#include "fanout/prefilter.hpp"
#include "rules/rules.hpp"
#include "semantic/internal.hpp"

namespace fanout::rules {
namespace {

class UnboundedPromiseAll final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    // Cheapest first: a member call whose property is a combinator name.
    Node callee = sem::unwrap(node.field(Field::function));
    if (!callee.is(Kind::member_expression)) return;
    const std::string_view method = context.text(callee.field(Field::property));
    if (method != "all" && method != "allSettled" && method != "any" && method != "race") return;
    Semantic& semantic = context.semantic();
    const auto sink = semantic.combinator(node);
    if (!sink) return;
    const auto args = sem::arguments_of(node);
    if (args.empty() || args[0].is(Kind::spread_element)) return;
    Verdict verdict = semantic.fanout(args[0]);
    if (verdict.extent != Extent::unbounded) return;
    Finding finding{
        .sink_call = node,
        .callee = {sem::unwrap(callee.field(Field::object)).start(), sem::unwrap(callee.field(Field::object)).end()},
        .sink = *sink,
        .collection = args[0],
        .collection_text = wording::short_code(context.text(sem::unwrap(args[0]))),
    };
    if (verdict.callback) finding.callback = semantic.callback(verdict.callback);
    finding.verdict = std::move(verdict);
    context.report(*this, std::move(finding));
  }

  Diagnostic describe(const Finding& finding, const SourceFile& file) const override {
    Diagnostic d{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
        .message = fmt::format("`{}` starts {} per element of `{}` at once{}", finding.sink,
                               wording::work_phrase(finding), wording::elements_of(finding),
                               wording::source_clause(finding, file)),
        .related = wording::related_from(finding.verdict),
    };
    d.help = fmt::format(
        "process `{}` in series (bluebird `Promise.mapSeries`, or `for...of` with `await`) or with a "
        "concurrency limit (`pMap(items, fn, {{ concurrency: 8 }})`)",
        wording::elements_of(finding));
    if (finding.sink.ends_with(".allSettled") || finding.sink.ends_with(".any") ||
        finding.sink.ends_with(".race")) {
      d.help += fmt::format("; `{}` has no drop-in series form, so this is not fixed automatically",
                            finding.sink.substr(finding.sink.rfind('.') + 1));
    }
    return d;
  }

 private:
  RuleMeta meta_{
      .id = "unbounded-promise-all",
      .severity = Severity::error,
      .summary = "a promise combinator waits on work started for every element of a collection at once",
      .fix = FixAvailability::sometimes,
      .kinds = {Kind::call_expression},
      .needles = {"Promise", "bluebird"},
      .may_report = prefilter::may_call_combinator,
      .anchors = {"all", "allSettled", "any", "race"},  // the property of the call
  };
};

}  // namespace

const Rule& unbounded_promise_all() {
  static const UnboundedPromiseAll rule;
  return rule;
}

}  // namespace fanout::rules
