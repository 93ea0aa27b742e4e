// `checkstyle`: Checkstyle's XML, which Jenkins (warnings-ng), TeamCity,
// reviewdog and danger read, in the shape of ESLint's checkstyle formatter:
// one <file> per checked file (absolute path), one <error> per finding with
// the rule id in `source` and in the message.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"
#include "report/xml.hpp"

namespace fanout::report {

void render_checkstyle(const Context& context, std::ostream& out) {
  std::string body;
  for (const FileResult& result : context.files) {
    const SourceFile& file = *result.file;
    body += fmt::format("  <file name=\"{}\">\n", xml_attribute(absolute_path(file.path(), context.cwd)));
    for (const Diagnostic& diagnostic : result.diagnostics) {
      const Position start = file.position(diagnostic.span.start);
      body += fmt::format(
          "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>\n", start.line,
          start.utf16_column, severity_words(diagnostic.severity).checkstyle,
          xml_attribute(fmt::format("{} ({})", diagnostic.message, diagnostic.rule_id)),
          xml_attribute(fmt::format("fanout.rules.{}", diagnostic.rule_id)));
    }
    body += "  </file>\n";
  }
  fmt::print(out, "{}<checkstyle version=\"4.3\">\n{}</checkstyle>\n", kXmlDeclaration, body);
}

}  // namespace fanout::report
