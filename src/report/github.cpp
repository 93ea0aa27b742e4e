// `github`: GitHub Actions workflow commands, which the runner turns into
// annotations on the pull request's diff.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

// The runner decodes these escapes; an unescaped newline would end the command
// and an unescaped `::` or `,` in a property would cut it short. Other
// control characters have no escape the runner decodes: they are shown
// escaped (printable()), never sent to the log viewer's terminal.
std::string escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '%' && text[i] != '\r' && text[i] != '\n') continue;
    out += printable(text.substr(start, i - start));
    if (i < text.size()) out += text[i] == '%' ? "%25" : text[i] == '\r' ? "%0D" : "%0A";
    start = i + 1;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (const char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void render_github(const Context& context, std::ostream& out) {
  for (const FileResult& result : context.files) {
    const SourceFile& file = *result.file;
    // Annotations attach to paths relative to the checkout (the repository
    // root), wherever in it the job runs fanout.
    const std::string path = root_path(file, context);
    for (const Diagnostic& diagnostic : result.diagnostics) {
      std::string message = diagnostic.message;
      if (!diagnostic.help.empty()) message += fmt::format("\nhelp: {}", diagnostic.help);
      std::string where;
      // A skipped file has no position: the annotation goes on the file.
      if (diagnostic.rule_id != kSkippedFileId) {
        const Position start = file.position(diagnostic.span.start);
        const Position end = file.position(diagnostic.span.end);
        where = fmt::format(",line={},col={},endLine={},endColumn={}", start.line,
                            start.utf16_column, end.line, end.utf16_column);
      }
      fmt::print(out, "::{} file={}{},title={}::{}\n", severity_words(diagnostic.severity).github,
                 escape_property(path), where, escape_property(diagnostic.rule_id),
                 escape_data(message));
    }
  }
  // What the run could not check shows on the pull request, not only in the log.
  for (const std::string& error : context.summary.errors) {
    fmt::print(out, "::error title=fanout::{}\n", escape_data(error));
  }
}

}  // namespace fanout::report
