// unknown-collection: a combinator over a collection whose origin cannot be
// seen in the file (a parameter nothing feeds, `this.tasks`, a function
// result). Reported only under --strict, as info (semantics.md: Bounded).
#include <fmt/format.h>

#include "diag/wording.hpp"
#include "fanout/prefilter.hpp"
#include "rules/rules.hpp"
#include "semantic/internal.hpp"

namespace fanout::rules {
namespace {

class UnknownCollection final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
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
    if (verdict.extent != Extent::unknown) return;
    Node object = sem::unwrap(callee.field(Field::object));
    context.report(*this, Finding{
                              .sink_call = node,
                              .callee = {object.start(), object.end()},
                              .sink = *sink,
                              .collection = args[0],
                              .collection_text = wording::short_code(context.text(sem::unwrap(args[0]))),
                              .verdict = std::move(verdict),
                          });
  }

  Diagnostic describe(const Finding& finding, const SourceFile&) const override {
    const std::string why = finding.verdict.origin.empty() ? std::string("its origin is not visible in this file")
                                                           : finding.verdict.origin;
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
      .needles = {"Promise", "bluebird"},
      .may_report = prefilter::may_call_combinator,
      .anchors = {"all", "allSettled", "any", "race"},  // the property of the call
      .strict_only = true,
  };
};

}  // namespace

const Rule& unknown_collection() {
  static const UnknownCollection rule;
  return rule;
}

}  // namespace fanout::rules
