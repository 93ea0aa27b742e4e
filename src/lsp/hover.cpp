#include "lsp/hover.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fanout/rule.hpp"

namespace fanout::lsp {

nlohmann::json hover(const Analysis& analysis, const nlohmann::json& params) {
  const std::uint32_t at = analysis.lines.offset(read_position(params.at("position")));
  std::string markdown;
  std::uint32_t start = at;
  std::uint32_t end = at;
  for (const Diagnostic& diagnostic : analysis.result.diagnostics) {
    if (diagnostic.span.start > at || diagnostic.span.end < at) continue;
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
