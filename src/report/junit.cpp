// `junit`: JUnit XML, which the test-report tabs of Jenkins, GitLab, Azure
// Pipelines, Bitbucket and TeamCity read. Each checked file is a test suite;
// each finding a test case that fails (errors and warnings) or is skipped
// (info: reported, never a failure); a clean file one passing case, so the
// report shows what was checked. Paths are relative to the repository root.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"
#include "report/xml.hpp"

namespace fanout::report {
namespace {

struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;
};

std::string counts_attributes(const Counts& counts) {
  return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\"", counts.tests,
                     counts.failures, counts.errors, counts.skipped);
}

// What a person reads in the test tab: the compact line, then the help.
std::string details(const SourceFile& file, const std::string& path, const Diagnostic& diagnostic) {
  const Position start = file.position(diagnostic.span.start);
  std::string text = fmt::format("{}:{}:{}: {}: {} [{}]", path, start.line, start.utf16_column,
                                 severity_name(diagnostic.severity), diagnostic.message, diagnostic.rule_id);
  for (const Related& related : diagnostic.related) {
    const Position at = file.position(related.span.start);
    text += fmt::format("\nnote: {}:{}:{}: {}", path, at.line, at.utf16_column, related.label);
  }
  if (!diagnostic.help.empty()) text += fmt::format("\nhelp: {}", diagnostic.help);
  return text;
}

void test_case(const SourceFile& file, const std::string& path, const Diagnostic& diagnostic, std::string& out,
               Counts& counts) {
  const Position start = file.position(diagnostic.span.start);
  ++counts.tests;
  out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"0\">\n",
                     xml_attribute(fmt::format("{} ({}:{})", diagnostic.rule_id, start.line, start.utf16_column)),
                     xml_attribute(path), xml_attribute(path), start.line);
  const std::string body = xml_text(details(file, path, diagnostic));
  if (diagnostic.severity == Severity::error || diagnostic.severity == Severity::warn) {
    ++counts.failures;
    out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", severity_name(diagnostic.severity),
                       xml_attribute(diagnostic.message), body);
  } else {
    ++counts.skipped;
    out += fmt::format("      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n",
                       xml_attribute(diagnostic.message), body);
  }
  out += "    </testcase>\n";
}

}  // namespace

void render_junit(const Context& context, std::ostream& out) {
  Counts total;
  std::string suites;
  for (const FileResult& result : context.files) {
    const SourceFile& file = *result.file;
    const std::string path = root_path(file, context);
    Counts counts;
    std::string cases;
    for (const Diagnostic& diagnostic : result.diagnostics) test_case(file, path, diagnostic, cases, counts);
    if (result.diagnostics.empty()) {
      ++counts.tests;
      cases = fmt::format("    <testcase name=\"fanout\" classname=\"{}\" file=\"{}\" time=\"0\"/>\n",
                          xml_attribute(path), xml_attribute(path));
    }
    suites += fmt::format("  <testsuite name=\"{}\" {}>\n{}  </testsuite>\n", xml_attribute(path),
                          counts_attributes(counts), cases);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.skipped += counts.skipped;
  }
  // What the run could not do (unreadable paths) is a test error, so the tab
  // cannot look clean when files went unchecked.
  if (!context.summary.errors.empty()) {
    Counts counts;
    std::string cases;
    for (const std::string& error : context.summary.errors) {
      ++counts.tests;
      ++counts.errors;
      cases += fmt::format("    <testcase name=\"{}\" classname=\"fanout\" time=\"0\">\n"
                           "      <error message=\"{}\">{}</error>\n    </testcase>\n",
                           xml_attribute(error), xml_attribute(error), xml_text(error));
    }
    suites += fmt::format("  <testsuite name=\"fanout\" {}>\n{}  </testsuite>\n", counts_attributes(counts), cases);
    total.tests += counts.tests;
    total.errors += counts.errors;
  }
  fmt::print(out, "{}<testsuites name=\"fanout\" {}>\n{}</testsuites>\n", kXmlDeclaration, counts_attributes(total),
             suites);
}

}  // namespace fanout::report
