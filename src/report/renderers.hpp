// Internal interface of src/report/: one function per format, and the helpers
// more than one renderer needs. Tests include this to pin the working directory.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fanout/report.hpp"

namespace fanout::report {

/// Everything a renderer reads. `cwd` and `root` are absolute, without a
/// trailing slash unless they are `/`; renderers never ask the process for
/// them, so golden tests can fix them. `root` is the repository root that
/// CI services resolve paths against (the git top level, else `cwd`).
struct Context {
  const std::vector<FileResult>& files;
  const RunSummary& summary;
  const ReportOptions& options;
  std::string cwd;
  std::string root;  ///< empty: `cwd`

  const std::string& root_or_cwd() const { return root.empty() ? cwd : root; }
};

void render_text(const Context& context, std::ostream& out);
void render_stylish(const Context& context, std::ostream& out);
void render_compact(const Context& context, std::ostream& out);
void render_json(const Context& context, std::ostream& out);
void render_sarif(const Context& context, std::ostream& out);
void render_github(const Context& context, std::ostream& out);
void render_gitlab(const Context& context, std::ostream& out);
void render_junit(const Context& context, std::ostream& out);
void render_checkstyle(const Context& context, std::ostream& out);

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
/// The path as CI services want it: relative to the repository root when it
/// lies under it, else absolute.
std::string root_path(const SourceFile& file, const Context& context);

/// The offset of `byte_offset` in UTF-16 code units from the start of the text
/// (BOM excluded), as JavaScript string indices count: ESLint fix ranges.
std::uint32_t utf16_offset(const SourceFile& file, std::uint32_t byte_offset);

/// ESLint's view of a diagnostic: severity 2 for errors, 1 for the rest
/// (ESLint has no info level), parse errors included: one severity in every
/// format. --max-warnings counts what this calls 1.
int eslint_severity(const Diagnostic& diagnostic);
/// A parse error at error level: ESLint's `fatal` message.
bool is_fatal(const Diagnostic& diagnostic);
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

/// The code point of the UTF-8 sequence at `at` and its length; length 0
/// when the bytes there are not valid UTF-8 (overlong forms and surrogates
/// included).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at);

/// `text` made safe for one line of a terminal or a line-based format:
/// control characters become visible escapes (`\n`, `\x1b`, `\u009b`) and
/// bidirectional overrides `\u202e`, so a file name or a message can neither
/// break a line nor send escape sequences to the terminal.
std::string printable(std::string_view text);
/// A line of source for a code frame: the same characters as one-cell
/// stand-ins (U+2400 control pictures, U+FFFD), so the caret stays aligned.
std::string printable_frame(std::string_view line);

/// How each format names a severity: the one table besides SARIF's levels.
struct SeverityWords {
  std::string_view github;      ///< workflow command: error, warning, notice
  std::string_view gitlab;      ///< Code Quality: major, minor, info
  std::string_view checkstyle;  ///< error, warning, info
};
SeverityWords severity_words(Severity severity);

/// Wraps `text` in an SGR sequence when colour is on; `code` is e.g. "1;31".
std::string paint(bool on, std::string_view code, std::string_view text);

}  // namespace fanout::report
