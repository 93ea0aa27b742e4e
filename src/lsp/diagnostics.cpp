#include "lsp/diagnostics.hpp"

#include <fmt/format.h>

#include "fanout/rule.hpp"

namespace fanout::lsp {
namespace {

// DiagnosticSeverity: 1 error, 2 warning, 3 information.
int lsp_severity(Severity severity) {
  switch (severity) {
    case Severity::error: return 1;
    case Severity::warn: return 2;
    case Severity::info:
    case Severity::off: break;
  }
  return 3;
}

}  // namespace

std::string rule_doc_url(std::string_view rule_id) {
  return fmt::format("https://github.com/fanout-dev/fanout/blob/main/rules/{}/README.md", rule_id);
}

nlohmann::json lsp_diagnostic(const Diagnostic& diagnostic, const LineIndex& lines, const std::string& uri) {
  nlohmann::json out = {
      {"range", lines.json_range(diagnostic.span.start, diagnostic.span.end)},
      {"severity", lsp_severity(diagnostic.severity)},
      {"code", diagnostic.rule_id},
      {"source", "fanout"},
      {"message", diagnostic.message},
  };
  if (find_rule(diagnostic.rule_id) != nullptr) out["codeDescription"] = {{"href", rule_doc_url(diagnostic.rule_id)}};
  if (!diagnostic.related.empty()) {
    nlohmann::json related = nlohmann::json::array();
    for (const Related& r : diagnostic.related) {
      related.push_back({{"location", {{"uri", uri}, {"range", lines.json_range(r.span.start, r.span.end)}}},
                         {"message", r.label}});
    }
    out["relatedInformation"] = std::move(related);
  }
  return out;
}

nlohmann::json configuration_diagnostic(const std::string& error) {
  return {
      {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
      {"severity", 1},
      {"code", "configuration"},
      {"source", "fanout"},
      {"message", fmt::format("fanout cannot check this file: {}", error)},
  };
}

}  // namespace fanout::lsp
