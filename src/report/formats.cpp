// The output formats as one table: the name users type, the enum, a line of
// help and the renderer. The command line, the configuration reader,
// `--print-config`, the JSON Schema test and render() all read it, so a new
// format is one row here, its enum value and its renderer file.
#include <array>

#include "report/renderers.hpp"

namespace fanout {
namespace {

using Renderer = void (*)(const report::Context&, std::ostream&);

struct Row {
  FormatName name;
  Renderer render;
};

constexpr std::array kRows = {
    Row{{"text", Format::text, "findings with code frames (default)"}, report::render_text},
    Row{{"stylish", Format::stylish, "ESLint's default formatter, byte for byte"}, report::render_stylish},
    Row{{"compact", Format::compact, "one line per finding: path:line:column: severity: message [rule]"},
        report::render_compact},
    Row{{"json", Format::json, "ESLint's JSON formatter shape"}, report::render_json},
    Row{{"sarif", Format::sarif, "SARIF 2.1.0 for code scanning"}, report::render_sarif},
    Row{{"github", Format::github, "GitHub Actions annotations"}, report::render_github},
    Row{{"gitlab", Format::gitlab, "GitLab Code Quality report"}, report::render_gitlab},
    Row{{"junit", Format::junit, "JUnit XML for test-report tabs (Jenkins, GitLab, Azure, Bitbucket)"},
        report::render_junit},
    Row{{"checkstyle", Format::checkstyle, "Checkstyle XML (Jenkins warnings, TeamCity, reviewdog)"},
        report::render_checkstyle},
};

constexpr auto kNames = [] {
  std::array<FormatName, kRows.size()> names{};
  for (std::size_t i = 0; i < kRows.size(); ++i) names[i] = kRows[i].name;
  return names;
}();

const Row* row_of(Format format) {
  for (const Row& row : kRows) {
    if (row.name.format == format) return &row;
  }
  return nullptr;
}

}  // namespace

std::span<const FormatName> format_names() { return kNames; }

std::optional<Format> parse_format(std::string_view name) {
  for (const FormatName& row : kNames) {
    if (row.name == name) return row.format;
  }
  return std::nullopt;
}

std::string_view format_name(Format format) {
  const Row* row = row_of(format);
  return row != nullptr ? row->name.name : std::string_view("text");
}

namespace report {

void render_in(Format format, const Context& context, std::ostream& out) {
  if (const Row* row = row_of(format)) row->render(context, out);
}

}  // namespace report
}  // namespace fanout
