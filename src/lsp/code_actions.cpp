#include "lsp/code_actions.hpp"

#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "fanout/rule.hpp"
#include "lsp/fixes.hpp"

namespace fanout::lsp {
namespace {

using nlohmann::json;

// One edit from the start of the first difference to the end of the last:
// the cursor and the rest of the buffer stay where they are.
json minimal_edit(const Analysis& analysis, const std::string& fixed) {
  const std::string& text = *analysis.text;
  std::size_t prefix = 0;
  while (prefix < text.size() && prefix < fixed.size() && text[prefix] == fixed[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < text.size() - prefix && suffix < fixed.size() - prefix &&
         text[text.size() - 1 - suffix] == fixed[fixed.size() - 1 - suffix]) {
    ++suffix;
  }
  // Never split a UTF-8 sequence or a \r\n: positions exist only between characters.
  const auto inside = [&](std::size_t at) {
    return at > 0 && at < text.size() &&
           ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80 || (text[at - 1] == '\r' && text[at] == '\n'));
  };
  while (inside(prefix)) --prefix;
  while (suffix > 0 && inside(text.size() - suffix)) --suffix;
  const std::size_t end = text.size() - suffix;
  return {{"range", analysis.lines.json_range(static_cast<std::uint32_t>(prefix), static_cast<std::uint32_t>(end))},
          {"newText", fixed.substr(prefix, fixed.size() - suffix - prefix)}};
}

json workspace_edit(const Analysis& analysis, json edits, bool document_changes) {
  if (document_changes) {
    return {{"documentChanges",
             json::array({{{"textDocument", {{"uri", analysis.uri}, {"version", analysis.version}}},
                           {"edits", std::move(edits)}}})}};
  }
  return {{"changes", {{analysis.uri, std::move(edits)}}}};
}

json fix_edits(const Analysis& analysis, const Fix& fix) {
  json edits = json::array();
  for (const Edit& edit : fix.edits) {
    edits.push_back({{"range", analysis.lines.json_range(edit.start, edit.end)}, {"newText", edit.replacement}});
  }
  return edits;
}

// `// fanout-disable-next-line RULE -- ` above the finding's line, indented
// like it; the reason after `--` is the user's to write.
json disable_edit(const Analysis& analysis, std::uint32_t line, const std::string& rule) {
  const std::string& text = *analysis.text;
  const std::uint32_t start = analysis.lines.offset({line, 0});
  std::size_t indent_end = start;
  while (indent_end < text.size() && (text[indent_end] == ' ' || text[indent_end] == '\t')) ++indent_end;
  const std::size_t newline = text.find('\n', start);
  const bool crlf = newline != std::string::npos && newline > 0 && text[newline - 1] == '\r';
  return json::array({{{"range", analysis.lines.json_range(start, start)},
                       {"newText", fmt::format("{}// fanout-disable-next-line {} -- {}", text.substr(start, indent_end - start),
                                               rule, crlf ? "\r\n" : "\n")}}});
}

// Whether the client asked for actions of `kind` (`only` lists kinds and their parents).
bool wanted(const json& params, std::string_view kind) {
  const json* only = nullptr;
  if (const auto context = params.find("context"); context != params.end() && context->is_object()) {
    if (const auto found = context->find("only"); found != context->end() && found->is_array()) only = &*found;
  }
  if (only == nullptr) return true;
  for (const json& entry : *only) {
    if (!entry.is_string()) continue;
    const std::string& prefix = entry.get_ref<const std::string&>();
    if (kind == prefix || (kind.starts_with(prefix) && kind.size() > prefix.size() && kind[prefix.size()] == '.')) {
      return true;
    }
  }
  return false;
}

}  // namespace

json code_actions(const Analysis& analysis, const json& params, AnalyzerCache& analyzers, bool document_changes) {
  json actions = json::array();
  const json& range = params.at("range");
  const std::uint32_t from = analysis.lines.offset(read_position(range.at("start")));
  const std::uint32_t to = analysis.lines.offset(read_position(range.at("end")));
  Analyzer& analyzer = analyzers.get(analysis.setup->options);
  const bool quick_fixes = wanted(params, "quickfix");

  json disables = json::array();
  std::set<std::pair<std::uint32_t, std::string>> disabled;
  bool any_safe = false;
  const Findings& planned = analysis.planned(analyzers);
  for (std::size_t i = 0; i < planned.result.diagnostics.size(); ++i) {
    const Diagnostic& diagnostic = planned.result.diagnostics[i];
    if (find_rule(diagnostic.rule_id) == nullptr) continue;  // notes and suppression checks
    const bool safe = diagnostic.fix && diagnostic.fix->applicability == Applicability::safe;
    any_safe = any_safe || safe;
    if (!quick_fixes || diagnostic.span.start > to || diagnostic.span.end < from) continue;
    const json& lsp_diagnostic = analysis.diagnostics.at(i);
    if (diagnostic.fix && !diagnostic.fix->edits.empty()) {
      if (safe && applies_alone(analysis, *diagnostic.fix, analyzer)) {
        actions.push_back({{"title", fmt::format("Fix: {}", diagnostic.fix->title)},
                           {"kind", "quickfix"},
                           {"isPreferred", true},
                           {"diagnostics", json::array({lsp_diagnostic})},
                           {"edit", workspace_edit(analysis, fix_edits(analysis, *diagnostic.fix), document_changes)}});
      } else if (diagnostic.fix->applicability == Applicability::unsafe) {
        actions.push_back({{"title", fmt::format("Unsafe fix (review the result): {}", diagnostic.fix->title)},
                           {"kind", "quickfix"},
                           {"diagnostics", json::array({lsp_diagnostic})},
                           {"edit", workspace_edit(analysis, fix_edits(analysis, *diagnostic.fix), document_changes)}});
      }
    }
    const std::uint32_t line = analysis.lines.position(diagnostic.span.start).line;
    if (disabled.emplace(line, diagnostic.rule_id).second) {
      disables.push_back(
          {{"title", fmt::format("Disable {} for this line", diagnostic.rule_id)},
           {"kind", "quickfix"},
           {"diagnostics", json::array({lsp_diagnostic})},
           {"edit", workspace_edit(analysis, disable_edit(analysis, line, diagnostic.rule_id), document_changes)}});
    }
  }
  for (json& action : disables) actions.push_back(std::move(action));

  if (any_safe && wanted(params, kFixAllKind)) {
    const std::string fixed = fix_all(analysis, planned, analyzer);
    if (fixed != *analysis.text) {
      actions.push_back({{"title", "Fix all safe fan-outs in file"},
                         {"kind", kFixAllKind},
                         {"edit", workspace_edit(analysis, json::array({minimal_edit(analysis, fixed)}), document_changes)}});
    }
  }
  return actions;
}

}  // namespace fanout::lsp
