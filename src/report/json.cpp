// `json`: the shape of ESLint's JSON formatter (an array of per-file results),
// so dashboards and scripts written for ESLint read fanout unchanged.
#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

using Json = nlohmann::ordered_json;  // ESLint's key order, for diff-friendly output

// ESLint fixes are one range and one text; a fix with several edits becomes
// one replacement spanning them all, the untouched text in between kept (as
// ESLint merges fixes).
Json eslint_fix(const SourceFile& file, const Fix& fix) {
  if (fix.edits.empty()) return Json::object({{"range", Json::array({0, 0})}, {"text", ""}});
  std::uint32_t start = fix.edits.front().start;
  std::uint32_t end = fix.edits.front().end;
  for (const Edit& edit : fix.edits) {
    start = std::min(start, edit.start);
    end = std::max(end, edit.end);
  }
  std::vector<const Edit*> ordered;
  for (const Edit& edit : fix.edits) ordered.push_back(&edit);
  std::sort(ordered.begin(), ordered.end(),
            [](const Edit* a, const Edit* b) { return a->start < b->start; });
  std::string text;
  std::uint32_t cursor = start;
  for (const Edit* edit : ordered) {
    text += file.slice(cursor, edit->start);
    text += edit->replacement;
    cursor = std::max(cursor, edit->end);
  }
  return Json::object({{"range", Json::array({utf16_offset(file, start), utf16_offset(file, end)})},
                       {"text", text}});
}

Json message_for(const SourceFile& file, const Diagnostic& diagnostic) {
  const Position start = file.position(diagnostic.span.start);
  Json message = Json::object();
  // Notes about the file have no rule, as ESLint's parse errors and ignored-file warnings.
  if (is_note(diagnostic)) {
    message["ruleId"] = nullptr;
    message["fatal"] = is_fatal(diagnostic);
    message["severity"] = eslint_severity(diagnostic);
    message["message"] = diagnostic.message;
    if (is_parse_error(diagnostic)) {
      message["line"] = start.line;
      message["column"] = start.utf16_column;
    }
    message["nodeType"] = nullptr;
    return message;
  }
  const Position end = file.position(diagnostic.span.end);
  message["ruleId"] = diagnostic.rule_id;
  message["severity"] = eslint_severity(diagnostic);
  message["message"] = diagnostic.message;
  message["line"] = start.line;
  message["column"] = start.utf16_column;
  message["nodeType"] = nullptr;
  message["endLine"] = end.line;
  message["endColumn"] = end.utf16_column;
  if (diagnostic.fix) {
    const Json fix = eslint_fix(file, *diagnostic.fix);
    // Only what `--fix` applies is an ESLint autofix; every fix is offered as a suggestion.
    if (is_autofix(diagnostic)) message["fix"] = fix;
    message["suggestions"] =
        Json::array({Json::object({{"desc", diagnostic.fix->title}, {"fix", fix}})});
  }
  return message;
}

}  // namespace

void render_json(const Context& context, std::ostream& out) {
  Json results = Json::array();
  for (const FileResult& result : context.files) {
    Json messages = Json::array();
    for (const Diagnostic& diagnostic : result.diagnostics) {
      messages.push_back(message_for(*result.file, diagnostic));
    }
    // ESLint's shape for findings silenced by a comment.
    Json suppressed = Json::array();
    for (const Suppressed& entry : result.suppressed) {
      Json message = message_for(*result.file, entry.diagnostic);
      message["suppressions"] =
          Json::array({Json::object({{"kind", "directive"}, {"justification", entry.justification}})});
      suppressed.push_back(std::move(message));
    }
    const EslintCounts counts = eslint_counts(result);
    Json& entry = results.emplace_back(Json::object({
        {"filePath", absolute_path(result.file->path(), context.cwd)},
        {"messages", std::move(messages)},
        {"suppressedMessages", std::move(suppressed)},
        {"errorCount", counts.errors},
        {"fatalErrorCount", counts.fatal_errors},
        {"warningCount", counts.warnings},
        {"fixableErrorCount", counts.fixable_errors},
        {"fixableWarningCount", counts.fixable_warnings},
        {"usedDeprecatedRules", Json::array()},
    }));
    if (result.output) entry["output"] = *result.output;
  }
  // Compact like JSON.stringify; invalid UTF-8 in a message becomes U+FFFD
  // instead of throwing. console.log adds the final newline.
  fmt::print(out, "{}\n", results.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace fanout::report
