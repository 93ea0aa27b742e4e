// `stylish`: byte-compatible with ESLint's default formatter, so tools and
// habits built on it keep working. ESLint builds it with the `text-table`
// package and chalk; both are reproduced here for the cells we emit.
#include <algorithm>
#include <array>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

// chalk's codes: each style closes with its own code, not a full reset, and
// is closed before every line break and reopened after it.
struct Chalk {
  bool on;
  std::string wrap(std::string_view open, std::string_view close, std::string_view text) const {
    if (!on || text.empty()) return std::string(text);
    const std::string start = fmt::format("\x1b[{}m", open);
    const std::string stop = fmt::format("\x1b[{}m", close);
    std::string out = start;
    for (const char c : text) {
      if (c == '\n') {
        out += stop + '\n' + start;
      } else {
        out += c;
      }
    }
    return out + stop;
  }
  std::string reset(std::string_view t) const { return wrap("0", "0", t); }
  std::string red(std::string_view t) const { return wrap("31", "39", t); }
  std::string yellow(std::string_view t) const { return wrap("33", "39", t); }
  std::string dim(std::string_view t) const { return wrap("2", "22", t); }
  std::string bold(std::string_view t) const { return wrap("1", "22", t); }
  std::string underline(std::string_view t) const { return wrap("4", "24", t); }
};

// text-table measures cells with JavaScript's String#length: UTF-16 code units.
std::size_t js_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation bytes add nothing
    units += (byte >= 0xF0) ? 2 : 1;      // 4-byte sequences are surrogate pairs
  }
  return units;
}

// ESLint drops one trailing period unless a space precedes it.
std::string strip_period(std::string_view message) {
  if (message.size() >= 2 && message.back() == '.' && message[message.size() - 2] != ' ') {
    message.remove_suffix(1);
  }
  return std::string(message);
}

struct Row {
  std::string line, column, type, message, rule;
  std::size_t type_width;  // `type` may carry colour codes; text-table strips them to measure
};

std::string pad(std::size_t width) { return std::string(width, ' '); }

// One table as text-table prints it with align ["", "r", "l"], after which
// ESLint joins line and column as `line:column`.
void print_table(const std::vector<Row>& rows, const Chalk& chalk, std::ostream& out) {
  std::array<std::size_t, 4> widths{};
  for (const Row& row : rows) {
    widths[0] = std::max(widths[0], row.line.size());
    widths[1] = std::max(widths[1], row.column.size());
    widths[2] = std::max(widths[2], row.type_width);
    widths[3] = std::max(widths[3], js_length(row.message));
  }
  for (const Row& row : rows) {
    // Empty first cell, the column separator "  ", right-aligned line; the
    // space text-table puts between line and column becomes ':'.
    std::string text = fmt::format("  {}{}", pad(widths[0] - row.line.size()),
                                   chalk.dim(fmt::format("{}:{}", row.line, row.column)));
    text += pad(widths[1] - row.column.size());
    text += fmt::format("  {}{}", row.type, pad(widths[2] - row.type_width));
    text += fmt::format("  {}{}", row.message, pad(widths[3] - js_length(row.message)));
    text += fmt::format("  {}", chalk.dim(row.rule));
    // text-table trims each row's end (String#trimEnd).
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    fmt::print(out, "{}\n", text);
  }
}

}  // namespace

void render_stylish(const Context& context, std::ostream& out) {
  const Chalk chalk{context.options.color};
  std::string body = "\n";
  std::size_t errors = 0, warnings = 0, fixable_errors = 0, fixable_warnings = 0;
  bool any_error = false;
  for (const FileResult& result : context.files) {
    if (result.diagnostics.empty()) continue;
    const EslintCounts counts = eslint_counts(result);
    errors += counts.errors;
    warnings += counts.warnings;
    fixable_errors += counts.fixable_errors;
    fixable_warnings += counts.fixable_warnings;

    std::vector<Row> rows;
    for (const Diagnostic& diagnostic : result.diagnostics) {
      const bool error = eslint_severity(diagnostic) == 2;
      any_error = any_error || error;
      Row row;
      // ESLint's file-level messages (ignored files) have no position: `0:0`.
      if (diagnostic.rule_id == kSkippedFileId) {
        row.line = row.column = "0";
      } else {
        const Position start = result.file->position(diagnostic.span.start);
        row.line = std::to_string(start.line);
        row.column = std::to_string(start.utf16_column);
      }
      row.type = error ? chalk.red("error") : chalk.yellow("warning");
      row.type_width = error ? 5 : 7;
      row.message = printable(strip_period(diagnostic.message));
      row.rule = is_note(diagnostic) ? "" : diagnostic.rule_id;
      rows.push_back(std::move(row));
    }
    std::ostringstream table;
    print_table(rows, chalk, table);
    body += fmt::format("{}\n{}\n", chalk.underline(printable(absolute_path(result.file->path(), context.cwd))),
                        table.str());
  }

  const std::size_t total = errors + warnings;
  // ESLint prints nothing at all for a clean run.
  if (total == 0) return;
  const auto plural = [](std::string_view word, std::size_t n) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  const auto summary_colour = [&](std::string_view text) {
    return any_error ? chalk.red(chalk.bold(text)) : chalk.yellow(chalk.bold(text));
  };
  body += summary_colour(fmt::format("\u2716 {} ({}, {})\n", plural("problem", total),
                                     plural("error", errors), plural("warning", warnings)));
  if (fixable_errors > 0 || fixable_warnings > 0) {
    body += summary_colour(fmt::format("  {} and {} potentially fixable with the `--fix` option.\n",
                                       plural("error", fixable_errors),
                                       plural("warning", fixable_warnings)));
  }
  // reset() around the whole output keeps colours from leaking into the
  // shell; console.log then adds the final newline.
  body = chalk.reset(body);
  fmt::print(out, "{}\n", body);
}

}  // namespace fanout::report
