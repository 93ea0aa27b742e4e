// Internal interface of src/report/: one function per format, and the helpers
// more than one renderer needs. Tests include this to pin the working directory.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/report.hpp"

namespace fanout::report {

/// Everything a renderer reads. `cwd` is absolute, without a trailing slash
/// unless it is the root; renderers never ask the process for it, so golden
/// tests can fix it.
struct Context {
  const std::vector<FileResult>& files;
  const RunSummary& summary;
  const ReportOptions& options;
  std::string cwd;
};

void render_text(const Context& context, std::ostream& out);
void render_stylish(const Context& context, std::ostream& out);
void render_compact(const Context& context, std::ostream& out);
void render_json(const Context& context, std::ostream& out);
void render_sarif(const Context& context, std::ostream& out);
void render_github(const Context& context, std::ostream& out);

/// render() with an explicit working directory (render() passes the process's).
void render_in(Format format, const Context& context, std::ostream& out);

// --- shared helpers (render.cpp) ---

/// Parse errors and skipped files are notes about a file, not rule findings.
bool is_note(const Diagnostic& diagnostic);
bool is_parse_error(const Diagnostic& diagnostic);

/// `path` made absolute against `cwd` and normalised, as ESLint's
/// `path.resolve(cwd, path)` does.
std::string absolute_path(std::string_view path, std::string_view cwd);
/// The path relative to `cwd` with `/` separators when it lies under `cwd`;
/// empty when it does not.
std::string path_under(std::string_view path, std::string_view cwd);

/// The offset of `byte_offset` in UTF-16 code units from the start of the text
/// (BOM excluded), as JavaScript string indices count: ESLint fix ranges.
std::uint32_t utf16_offset(const SourceFile& file, std::uint32_t byte_offset);

/// ESLint's view of a diagnostic: severity 1 or 2 (info counts as warning),
/// and parse errors as fatal errors without a rule.
int eslint_severity(const Diagnostic& diagnostic);
/// A fix `--fix` would apply, which ESLint counts as "fixable".
bool is_autofix(const Diagnostic& diagnostic);

/// Per-file counts in ESLint's result shape.
struct EslintCounts {
  std::size_t errors = 0;
  std::size_t fatal_errors = 0;
  std::size_t warnings = 0;
  std::size_t fixable_errors = 0;
  std::size_t fixable_warnings = 0;
};
EslintCounts eslint_counts(const FileResult& file);

/// GitHub code scanning's `primaryLocationLineHash` of every line of a file
/// (index 0 is line 1), as its upload action computes it (sarif.cpp).
std::vector<std::string> line_hashes(std::string_view text);

/// Wraps `text` in an SGR sequence when colour is on; `code` is e.g. "1;31".
std::string paint(bool on, std::string_view code, std::string_view text);

}  // namespace fanout::report
