// async-foreach: `forEach` with an async callback, and `xs.map(async ...)` as
// a statement of its own (semantics.md: Sinks, last row; Clarifications, No sink).
#include <fmt/format.h>

#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "fanout/wording.hpp"

namespace fanout::rules {
namespace {

class AsyncForeach final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    Node call = node;
    if (node.is(Kind::expression_statement)) {
      // A discarded `xs.map(async ...)`: nothing waits for the promises.
      call = node.named(0).unwrapped();
      if (!call.is(Kind::call_expression)) return;
      const std::string_view m = call.member_name(context.file().text());
      if (m != "map" && m != "flatMap") return;
    } else if (call.member_name(context.file().text()) != "forEach") {
      return;
    }
    const auto args = call.arguments();
    if (args.empty()) return;
    Semantic& semantic = context.semantic();
    const CallbackFacts facts = semantic.callback(args[0]);
    if (!facts.is_async && !semantic.is_async_function(args[0])) return;
    Node callee = call.field(Field::function).unwrapped();
    Node property = callee.field(Field::property);
    Finding finding{
        .sink_call = call,
        .callee = {property.start(), property.end()},
        .sink = std::string(context.text(property)),
        .collection = callee.field(Field::object),
        .collection_text = wording::short_code(context.text(callee.field(Field::object).unwrapped())),
        .callback = facts,
    };
    finding.callback.is_async = true;
    context.report(*this, std::move(finding));
  }

  Diagnostic describe(const Finding& finding, const SourceFile&) const override {
    const std::string& work = finding.callback.work;
    const std::string awaiting = work.empty() ? "" : fmt::format(" (awaiting `{}`)", work);
    const bool map = finding.sink != "forEach";
    return Diagnostic{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
        .message = map ? fmt::format("`.{}` starts an async callback{} for every element of `{}` and its promises "
                                     "are discarded: all run at once and nothing waits for them",
                                     finding.sink, awaiting, finding.collection_text)
                       : fmt::format("`forEach` starts an async callback{} for every element of `{}` at once and "
                                     "waits for none of them",
                                     awaiting, finding.collection_text),
        .help = fmt::format("use `for (const x of {}) {{ await ... }}` to run one at a time, or `await pMap({}, fn, "
                            "{{ concurrency: 8 }})` to bound the work and wait for it",
                            finding.collection_text, finding.collection_text),
    };
  }

 private:
  RuleMeta meta_{
      .id = "async-foreach",
      .severity = Severity::error,
      .summary = "`forEach` with an async callback starts every task at once and waits for none",
      .fix = FixAvailability::none,
      .kinds = {Kind::call_expression, Kind::expression_statement},
      .needles = {"async"},
      .may_report = prefilter::may_start_async_callbacks,
      .anchors = {"forEach", "map", "flatMap"},  // the property of the call
  };
};

}  // namespace

const Rule& async_foreach() {
  static const AsyncForeach rule;
  return rule;
}

}  // namespace fanout::rules
