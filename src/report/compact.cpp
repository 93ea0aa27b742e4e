// `compact`: one finding per line, `path:line:column: severity: message [rule]`,
// the shape editors' problem matchers and grep understand (cli.md).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {

void render_compact(const Context& context, std::ostream& out) {
  for (const FileResult& result : context.files) {
    for (const Diagnostic& diagnostic : result.diagnostics) {
      const Position start = result.file->position(diagnostic.span.start);
      // One finding per line whatever the file is called or the message quotes.
      fmt::print(out, "{}:{}:{}: {}: {} [{}]\n", printable(result.file->path()), start.line,
                 start.utf16_column, severity_name(diagnostic.severity), printable(diagnostic.message),
                 diagnostic.rule_id);
    }
  }
}

}  // namespace fanout::report
