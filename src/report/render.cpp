// render() dispatch, format names, and the helpers several renderers share.
#include <filesystem>

#include <fmt/format.h>

#include "report/renderers.hpp"

namespace fanout {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "stylish") return Format::stylish;
  if (name == "compact") return Format::compact;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "github") return Format::github;
  return std::nullopt;
}

void render(Format format, const std::vector<FileResult>& files, const RunSummary& summary,
            const ReportOptions& options, std::ostream& out) {
  std::error_code error;
  std::string cwd = std::filesystem::current_path(error).generic_string();
  // Without a working directory every path is printed as given.
  if (error) cwd = "/";
  report::render_in(format, report::Context{files, summary, options, std::move(cwd)}, out);
}

}  // namespace fanout

namespace fanout::report {

void render_in(Format format, const Context& context, std::ostream& out) {
  switch (format) {
    case Format::text: return render_text(context, out);
    case Format::stylish: return render_stylish(context, out);
    case Format::compact: return render_compact(context, out);
    case Format::json: return render_json(context, out);
    case Format::sarif: return render_sarif(context, out);
    case Format::github: return render_github(context, out);
  }
}

bool is_note(const Diagnostic& diagnostic) {
  return diagnostic.rule_id == kParseErrorId || diagnostic.rule_id == kSkippedFileId;
}

bool is_parse_error(const Diagnostic& diagnostic) { return diagnostic.rule_id == kParseErrorId; }

std::string absolute_path(std::string_view path, std::string_view cwd) {
  namespace fs = std::filesystem;
  fs::path result = fs::path(cwd) / fs::path(path);  // an absolute `path` replaces `cwd`
  std::string text = result.lexically_normal().generic_string();
  // path.resolve() never leaves a trailing separator, except for the root.
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::string path_under(std::string_view path, std::string_view cwd) {
  namespace fs = std::filesystem;
  const fs::path absolute(absolute_path(path, cwd));
  const fs::path relative = absolute.lexically_relative(fs::path(cwd).lexically_normal());
  if (relative.empty()) return {};
  std::string text = relative.generic_string();
  if (text == "." || text == ".." || text.starts_with("../")) return {};
  return text;
}

std::uint32_t utf16_offset(const SourceFile& file, std::uint32_t byte_offset) {
  // Whole lines before the position, then the column: every conversion goes
  // through SourceFile::position(), so BOM and CRLF are counted one way only.
  const Position position = file.position(byte_offset);
  std::uint32_t total = position.utf16_column - 1;
  for (std::uint32_t line = 1; line < position.line; ++line) {
    const std::uint32_t content_end =
        file.line_start(line) + static_cast<std::uint32_t>(file.line_text(line).size());
    total += file.position(content_end).utf16_column - 1;
    total += file.line_start(line + 1) - content_end;  // terminators are ASCII
  }
  return total;
}

int eslint_severity(const Diagnostic& diagnostic) {
  if (is_parse_error(diagnostic)) return 2;
  return diagnostic.severity == Severity::error ? 2 : 1;
}

bool is_autofix(const Diagnostic& diagnostic) {
  return diagnostic.fix && diagnostic.fix->applicability == Applicability::safe;
}

EslintCounts eslint_counts(const FileResult& file) {
  EslintCounts counts;
  for (const Diagnostic& diagnostic : file.diagnostics) {
    const bool error = eslint_severity(diagnostic) == 2;
    (error ? counts.errors : counts.warnings) += 1;
    if (is_parse_error(diagnostic)) ++counts.fatal_errors;
    if (is_autofix(diagnostic)) (error ? counts.fixable_errors : counts.fixable_warnings) += 1;
  }
  return counts;
}

std::string paint(bool on, std::string_view code, std::string_view text) {
  if (!on) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

}  // namespace fanout::report
