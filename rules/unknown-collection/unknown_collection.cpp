// unknown-collection: a combinator over a collection whose origin cannot be
// seen in the file (a parameter nothing feeds, `this.tasks`, a function
// result). Reported only under --strict, as info (semantics.md: Bounded).
#include <fmt/format.h>

#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "fanout/sinks.hpp"
#include "fanout/wording.hpp"

namespace fanout::rules {
namespace {

class UnknownCollection final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    // The same question as unbounded-promise-all, answered once (cached).
    auto call = context.semantic().combinator_call(node);
    if (!call || call->verdict.extent != Extent::unknown) return;
    context.report(*this, Finding{
                              .sink_call = node,
                              .callee = {call->object.start(), call->object.end()},
                              .sink = std::move(call->sink),
                              .sink_object = call->object,
                              .sink_method = call->method,
                              .collection = call->collection,
                              .collection_text = wording::short_code(context.text(call->collection.unwrapped())),
                              .verdict = std::move(call->verdict),
                          });
  }

  Diagnostic describe(const Finding& finding, const SourceFile& file) const override {
    std::string why = wording::origin(finding.verdict, file);
    if (why.empty()) why = "its origin is not visible in this file";
    return Diagnostic{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
        .message = fmt::format("`{}` waits on `{}`, whose size cannot be seen here: {}", finding.sink,
                               finding.collection_text, why),
        .help = "check where the collection is built; if it grows with data, bound the concurrency where the work "
                "starts",
    };
  }

 private:
  RuleMeta meta_{
      .id = "unknown-collection",
      .severity = Severity::info,
      .summary = "a promise combinator over a collection whose size cannot be seen in the file (--strict)",
      .fix = FixAvailability::none,
      .kinds = {Kind::call_expression},
      .needles = combinator_needles(),
      .may_report = prefilter::may_call_combinator,
      .anchors = combinator_methods(),  // the property of the call
      .strict_only = true,
  };
};

}  // namespace

const Rule& unknown_collection() {
  static const UnknownCollection rule;
  return rule;
}

}  // namespace fanout::rules
