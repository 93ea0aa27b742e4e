// render(), and the helpers several renderers share (the format table is
// formats.cpp).
#include <filesystem>

#include <fmt/format.h>

#include "report/renderers.hpp"

namespace fanout {

void render(Format format, const std::vector<FileResult>& files, const RunSummary& summary,
            const ReportOptions& options, std::ostream& out) {
  std::error_code error;
  std::string cwd = std::filesystem::current_path(error).generic_string();
  // Without a working directory every path is printed as given.
  if (error) cwd = "/";
  std::string root = options.repository_root.empty() ? cwd : options.repository_root;
  report::render_in(format, report::Context{files, summary, options, std::move(cwd), std::move(root)}, out);
}

}  // namespace fanout

namespace fanout::report {

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

std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || at + length > text.size()) return {0, 0};
  char32_t cp = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kShortest[length] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return {0, 0};
  return {cp, length};
}

std::string root_path(const SourceFile& file, const Context& context) {
  std::string path = path_under(absolute_path(file.path(), context.cwd), context.root_or_cwd());
  return path.empty() ? absolute_path(file.path(), context.cwd) : path;
}

namespace {

bool is_c1(char32_t cp) { return cp >= 0x80 && cp <= 0x9F; }
// Explicit embeddings, overrides and isolates reorder what follows them on
// screen ("Trojan Source"); marks (U+200E/F) only nudge and stay.
bool is_bidi_control(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode_utf8(text, i);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    } else if (is_c1(cp) || is_bidi_control(cp)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string printable_frame(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    const auto [cp, length] = decode_utf8(line, i);
    if (length == 0) {
      // One cell, as SourceFile counts an invalid byte; never a raw 8-bit CSI.
      out += "\uFFFD";
      ++i;
      continue;
    }
    if (cp < 0x20 && cp != '\t') {
      // The control picture U+2400 + cp, in UTF-8: E2 90 (80 + cp).
      out += "\xE2\x90";
      out += static_cast<char>(0x80 + cp);
    } else if (cp == 0x7F) {
      out += "\u2421";
    } else if (is_c1(cp) || is_bidi_control(cp)) {
      out += "\uFFFD";
    } else {
      out.append(line.substr(i, length));
    }
    i += length;
  }
  return out;
}

SeverityWords severity_words(Severity severity) {
  switch (severity) {
    case Severity::error: return {.github = "error", .gitlab = "major", .checkstyle = "error"};
    case Severity::warn: return {.github = "warning", .gitlab = "minor", .checkstyle = "warning"};
    case Severity::info:
    case Severity::off: break;
  }
  return {.github = "notice", .gitlab = "info", .checkstyle = "info"};
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

int eslint_severity(const Diagnostic& diagnostic) { return diagnostic.severity == Severity::error ? 2 : 1; }

bool is_fatal(const Diagnostic& diagnostic) {
  return is_parse_error(diagnostic) && diagnostic.severity == Severity::error;
}

bool is_autofix(const Diagnostic& diagnostic) {
  return diagnostic.fix && diagnostic.fix->applicability == Applicability::safe;
}

EslintCounts eslint_counts(const FileResult& file) {
  EslintCounts counts;
  for (const Diagnostic& diagnostic : file.diagnostics) {
    const bool error = eslint_severity(diagnostic) == 2;
    (error ? counts.errors : counts.warnings) += 1;
    if (is_fatal(diagnostic)) ++counts.fatal_errors;
    if (is_autofix(diagnostic)) (error ? counts.fixable_errors : counts.fixable_warnings) += 1;
  }
  return counts;
}

std::string paint(bool on, std::string_view code, std::string_view text) {
  if (!on) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

}  // namespace fanout::report
