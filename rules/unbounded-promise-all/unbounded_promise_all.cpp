// unbounded-promise-all: a promise combinator over a collection whose size
// comes from runtime data (semantics.md: Sinks, first two rows).
#include <fmt/format.h>

#include "fanout/fix.hpp"
#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "fanout/sinks.hpp"
#include "fanout/wording.hpp"

namespace fanout::rules {
namespace {

class UnboundedPromiseAll final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    // combinator_call() checks the callee's name before any data-flow question.
    Semantic& semantic = context.semantic();
    auto call = semantic.combinator_call(node);
    if (!call || call->verdict.extent != Extent::unbounded) return;
    Finding finding{
        .sink_call = node,
        .callee = {call->object.start(), call->object.end()},
        .sink = std::move(call->sink),
        .sink_object = call->object,
        .sink_method = call->method,
        .collection = call->collection,
        .collection_text = wording::short_code(context.text(call->collection.unwrapped())),
    };
    if (call->verdict.callback) finding.callback = semantic.callback(call->verdict.callback);
    finding.verdict = std::move(call->verdict);
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
        .related = wording::related_from(finding.verdict, file),
    };
    d.help = wording::sink_help(finding.sink_method, wording::elements_of(finding));
    return d;
  }

  std::optional<Fix> fix(const Finding& finding, FixContext& context) const override {
    return plan_rewrite(finding, context.semantic, context.options, context.facts);
  }

 private:
  RuleMeta meta_{
      .id = "unbounded-promise-all",
      .severity = Severity::error,
      .summary = "a promise combinator waits on work started for every element of a collection at once",
      .fix = FixAvailability::sometimes,
      .kinds = {Kind::call_expression},
      .needles = combinator_needles(),
      .may_report = prefilter::may_call_combinator,
      .anchors = combinator_methods(),  // the property of the call
  };
};

}  // namespace

const Rule& unbounded_promise_all() {
  static const UnboundedPromiseAll rule;
  return rule;
}

}  // namespace fanout::rules
