#include "fanout/rule.hpp"
#include "fanout/source_file.hpp"

namespace fanout {

RuleContext::RuleContext(const SourceFile& file, Node root, const AnalysisOptions& options)
    : file_(file), root_(root), options_(options) {}

RuleContext::~RuleContext() = default;

// Built on first use: most files never reach a data-flow question.
Semantic& RuleContext::semantic() {
  if (!semantic_) semantic_ = std::make_unique<Semantic>(file_, root_, options_);
  return *semantic_;
}

std::string_view RuleContext::text(Node node) const { return file_.slice(node.start(), node.end()); }

std::optional<Fix> Rule::fix(const Finding&, FixContext&) const { return std::nullopt; }

void RuleContext::report(const Rule& rule, Finding finding) {
  findings_.push_back(Recorded{&rule, std::move(finding)});
}

}  // namespace fanout
