// `text` (default): a header per finding, a code frame with the span
// underlined, related locations and the help line, in the manner of rustc,
// oxlint and ruff; then one summary line.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::uint32_t kMaxFrameLines = 3;  // long spans (parse errors) are elided
// A longer line (minified code) is not printed: whole, once per finding on
// it, it made the report quadratic in the line's length (issue 13).
constexpr std::size_t kMaxFrameLineBytes = 1000;

std::string_view severity_colour(Severity severity) {
  switch (severity) {
    case Severity::error: return "1;31";
    case Severity::warn: return "1;33";
    default: return "1;36";
  }
}
constexpr std::string_view kGutterColour = "1;34";

// The line as the terminal should show it: tabs expanded to the same stops
// SourceFile::display_width uses, so the caret lines up under the code.
std::string expand_tabs(std::string_view line) {
  std::string out;
  std::uint32_t width = 0;
  for (std::size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t')) {
    const std::string_view piece = line.substr(0, tab);
    out += piece;
    width += SourceFile::display_width(piece);
    const std::uint32_t fill = 4 - width % 4;
    out.append(fill, ' ');
    width += fill;
    line.remove_prefix(tab + 1);
  }
  out += line;
  return out;
}

std::string_view frame_line(const SourceFile& file, std::uint32_t line) {
  std::string_view text = file.line_text(line);
  // position() does not count the BOM, so the frame must not show it either.
  if (line == 1 && text.starts_with(kBom)) text.remove_prefix(kBom.size());
  return text;
}

// Display column just past the last character of a line, 1-based.
std::uint32_t line_end_column(const SourceFile& file, std::uint32_t line) {
  const auto end = file.line_start(line) + static_cast<std::uint32_t>(file.line_text(line).size());
  return file.position(end).display_column;
}

std::string location(const SourceFile& file, std::uint32_t offset) {
  const Position position = file.position(offset);
  return fmt::format("{}:{}:{}", printable(file.path()), position.line, position.utf16_column);
}

class Printer {
 public:
  Printer(const Context& context, std::ostream& out) : colour_(context.options.color), out_(out) {}

  void diagnostic(const SourceFile& file, const Diagnostic& diagnostic, bool show_help) {
    const std::string label =
        fmt::format("{}[{}]", severity_name(diagnostic.severity), diagnostic.rule_id);
    fmt::print(out_, "{}{}\n", paint(colour_, severity_colour(diagnostic.severity), label),
               paint(colour_, "1", fmt::format(": {}", printable(diagnostic.message))));

    const Position start = file.position(diagnostic.span.start);
    Position end = file.position(diagnostic.span.end);
    // A span that ends with its line break does not reach into the next line.
    if (end.line > start.line && end.display_column == 1) {
      end = file.position(diagnostic.span.end - 1);
    }
    const std::size_t width = fmt::formatted_size("{}", end.line);
    const std::string pad(width, ' ');
    const std::string bar = paint(colour_, kGutterColour, "|");

    // A skipped file has no code to point at.
    if (diagnostic.rule_id == kSkippedFileId) {
      fmt::print(out_, "{}{} {}\n\n", pad, paint(colour_, kGutterColour, "-->"), printable(file.path()));
      return;
    }
    fmt::print(out_, "{}{} {}\n", pad, paint(colour_, kGutterColour, "-->"),
               location(file, diagnostic.span.start));
    fmt::print(out_, "{} {}\n", pad, bar);
    frame(file, start, end, width, severity_colour(diagnostic.severity));
    if (show_help) notes(file, diagnostic, pad);
    fmt::print(out_, "\n");
  }

  void summary(const Context& context) {
    std::size_t errors = 0, warnings = 0, infos = 0, unparsed = 0, skipped = 0, files = 0;
    for (const FileResult& result : context.files) {
      bool counted = false;
      for (const Diagnostic& diagnostic : result.diagnostics) {
        if (is_parse_error(diagnostic)) {
          ++unparsed;
        } else if (diagnostic.rule_id == kSkippedFileId) {
          ++skipped;
        } else {
          ++(diagnostic.severity == Severity::error  ? errors
             : diagnostic.severity == Severity::warn ? warnings
                                                     : infos);
          if (!counted) ++files;
          counted = true;
        }
      }
    }
    const auto count = [&](std::size_t n, std::string_view word, std::string_view plural,
                           Severity severity) {
      const std::string text = fmt::format("{} {}", n, n == 1 ? word : plural);
      return n == 0 ? text : paint(colour_, severity_colour(severity), text);
    };
    const std::size_t checked = context.summary.files_checked;
    const std::string checked_text =
        fmt::format("checked {} file{}", checked, checked == 1 ? "" : "s");
    const std::size_t failed = context.summary.errors.size();
    if (errors + warnings + infos == 0 && failed > 0) {
      // Not "no problems": some paths were not checked at all.
      fmt::print(out_, "Checked {} file{}; {} could not be checked (see the errors)", checked,
                 checked == 1 ? "" : "s", failed == 1 ? "1 path" : fmt::format("{} paths", failed));
    } else if (errors + warnings + infos == 0) {
      fmt::print(out_, "No problems found; {}", checked_text);
    } else {
      fmt::print(out_, "Found {}, {} and {} in {} file{}; {}",
                 count(errors, "error", "errors", Severity::error),
                 count(warnings, "warning", "warnings", Severity::warn),
                 count(infos, "info", "infos", Severity::info), files, files == 1 ? "" : "s",
                 checked_text);
    }
    if (unparsed > 0) fmt::print(out_, ", {} with parse errors", unparsed);
    if (skipped > 0) fmt::print(out_, ", {} skipped", skipped);
    if (failed > 0 && errors + warnings + infos > 0) {
      fmt::print(out_, "; {} could not be checked", failed == 1 ? "1 path" : fmt::format("{} paths", failed));
    }
    fmt::print(out_, ".\n");
  }

 private:
  void frame(const SourceFile& file, const Position& start, const Position& end, std::size_t width,
             std::string_view colour) {
    const std::string pad(width, ' ');
    const std::string bar = paint(colour_, kGutterColour, "|");
    const std::uint32_t last = std::min(end.line, start.line + kMaxFrameLines - 1);
    for (std::uint32_t line = start.line; line <= last; ++line) {
      const std::string number = paint(colour_, kGutterColour, fmt::format("{:>{}}", line, width));
      if (const std::size_t bytes = frame_line(file, line).size(); bytes > kMaxFrameLineBytes) {
        fmt::print(out_, "{} {} (a line of {} bytes, not shown)\n", number, bar, bytes);
        continue;
      }
      // Control characters in the source reach no terminal: each becomes a
      // one-cell picture, so the caret below still lines up.
      const std::string code = printable_frame(expand_tabs(frame_line(file, line)));
      fmt::print(out_, "{} {}{}{}\n", number, bar, code.empty() ? "" : " ", code);
      if (line != start.line) continue;
      // Multi-line spans underline the rest of their first line.
      const std::uint32_t stop =
          end.line == start.line ? end.display_column : line_end_column(file, line);
      const std::uint32_t carets = std::max<std::uint32_t>(1, stop - std::min(stop, start.display_column));
      fmt::print(out_, "{} {} {}{}\n", pad, bar, std::string(start.display_column - 1, ' '),
                 paint(colour_, colour, std::string(carets, '^')));
    }
    if (end.line > last) fmt::print(out_, "{}\n", paint(colour_, kGutterColour, "..."));
  }

  void notes(const SourceFile& file, const Diagnostic& diagnostic, const std::string& pad) {
    const std::string equals = paint(colour_, kGutterColour, "=");
    if (diagnostic.related.empty() && diagnostic.help.empty() && !diagnostic.fix) return;
    fmt::print(out_, "{} {}\n", pad, paint(colour_, kGutterColour, "|"));
    for (const Related& related : diagnostic.related) {
      fmt::print(out_, "{} {} {}: {}: {}\n", pad, equals, paint(colour_, "1", "note"),
                 location(file, related.span.start), printable(related.label));
    }
    if (!diagnostic.help.empty()) {
      fmt::print(out_, "{} {} {}: {}\n", pad, equals, paint(colour_, "1;36", "help"), printable(diagnostic.help));
    }
    if (diagnostic.fix) {
      const Applicability a = diagnostic.fix->applicability;
      const std::string_view how = a == Applicability::safe     ? "applied by --fix"
                                   : a == Applicability::unsafe ? "applied by --fix --fix-unsafe"
                                                                : "not applied by --fix";
      fmt::print(out_, "{} {} {}: {} ({})\n", pad, equals, paint(colour_, "1;32", "fix"),
                 printable(diagnostic.fix->title), how);
    }
  }

  bool colour_;
  std::ostream& out_;
};

}  // namespace

void render_text(const Context& context, std::ostream& out) {
  Printer printer(context, out);
  for (const FileResult& result : context.files) {
    for (const Diagnostic& diagnostic : result.diagnostics) {
      printer.diagnostic(*result.file, diagnostic, context.options.show_help);
    }
  }
  printer.summary(context);
}

}  // namespace fanout::report
