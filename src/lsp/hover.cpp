#include "lsp/hover.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fanout/rule.hpp"

namespace fanout::lsp {

nlohmann::json hover(const Analysis& analysis, const nlohmann::json& params, AnalyzerCache& analyzers) {
  const std::uint32_t at = analysis.lines.offset(read_position(params.at("position")));
  const auto covers = [at](const Diagnostic& diagnostic) { return diagnostic.span.start <= at && at <= diagnostic.span.end; };
  // Fixes (their titles are shown) are planned only when there is a finding here.
  if (std::none_of(analysis.result.diagnostics.begin(), analysis.result.diagnostics.end(), covers)) return nullptr;
  std::string markdown;
  std::uint32_t start = at;
  std::uint32_t end = at;
  for (const Diagnostic& diagnostic : analysis.planned(analyzers).result.diagnostics) {
    if (!covers(diagnostic)) continue;
    if (markdown.empty()) {
      start = diagnostic.span.start;
      end = diagnostic.span.end;
    } else {
      markdown += "\n\n---\n\n";
    }
    markdown += fmt::format("**{}** ({}): {}", diagnostic.rule_id, severity_name(diagnostic.severity), diagnostic.message);
    if (!diagnostic.help.empty()) markdown += fmt::format("\n\nhelp: {}", diagnostic.help);
    if (diagnostic.fix) markdown += fmt::format("\n\nfix: {}", diagnostic.fix->title);
    const std::string_view doc = rule_doc(diagnostic.rule_id);
    if (!doc.empty()) markdown += fmt::format("\n\n---\n\n{}", doc);
  }
  if (markdown.empty()) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", analysis.lines.json_range(start, end)}};
}

}  // namespace fanout::lsp
