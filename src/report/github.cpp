// `github`: GitHub Actions workflow commands, which the runner turns into
// annotations on the pull request's diff.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

// The runner decodes these escapes; an unescaped newline would end the command
// and an unescaped `::` or `,` in a property would cut it short.
std::string escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
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

std::string_view command_for(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warn: return "warning";
    default: return "notice";
  }
}

}  // namespace

void render_github(const Context& context, std::ostream& out) {
  for (const FileResult& result : context.files) {
    const SourceFile& file = *result.file;
    // Annotations attach to paths relative to the checkout, which is the cwd in CI.
    std::string path = path_under(file.path(), context.cwd);
    if (path.empty()) path = absolute_path(file.path(), context.cwd);
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
      fmt::print(out, "::{} file={}{},title={}::{}\n", command_for(diagnostic.severity),
                 escape_property(path), where, escape_property(diagnostic.rule_id),
                 escape_data(message));
    }
  }
}

}  // namespace fanout::report
