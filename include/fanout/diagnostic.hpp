// Diagnostics are plain data: reporters format them and never re-derive
// anything (style.md, Diagnostics).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fanout {

/// How loudly a rule speaks; `off` disables it (ESLint spelling in config).
enum class Severity : std::uint8_t { off, info, warn, error };

std::string_view severity_name(Severity severity);           // "info", "warning", "error"
std::string_view severity_config_name(Severity severity);    // "off", "info", "warn", "error"
std::optional<Severity> parse_severity(std::string_view text);
/// The SARIF `level` of a severity: the one table the reporters share.
std::string_view sarif_level(Severity severity);

/// A byte range in one file.
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

/// A secondary location with a short label ("`rows` comes from `.map` here").
struct Related {
  Span span;
  std::string label;
};

/// One replacement of a byte range.
struct Edit {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::string replacement;
};

/// Whether `--fix` may apply a fix without a human reading it.
enum class Applicability : std::uint8_t { safe, unsafe, display_only };

/// A package whose import a fix adds, so that the run's summary can say when
/// the nearest package.json does not declare it (semantics.md, Rewrites).
struct AddedImport {
  std::string package;    ///< `bluebird`, `p-map`, or the custom module
  std::string statement;  ///< the statement the fix inserts, as written
  std::string manifest;   ///< the nearest package.json; empty when there is none
  bool declared = false;  ///< that package.json declares the package (or it is a local path)
  std::string install;    ///< what `npm install` needs: `bluebird`, `p-map@4`
};

/// A titled set of non-overlapping edits.
struct Fix {
  std::string title;
  std::vector<Edit> edits;
  Applicability applicability = Applicability::display_only;
  std::optional<AddedImport> added_import;  ///< set when an edit adds an import
};

/// One finding, ready to print.
struct Diagnostic {
  std::string rule_id;
  Severity severity = Severity::error;
  Span span;
  std::string message;
  std::vector<Related> related;
  std::string help;
  std::optional<Fix> fix;
};

/// A finding a suppression comment silenced, kept for the audit trail that
/// SARIF `suppressions` and ESLint's `suppressedMessages` give reviewers.
struct Suppressed {
  Diagnostic diagnostic;
  std::string justification;  ///< the comment's text after ` -- `; "" when it gives none
};

/// Ids of diagnostics that do not come from a rule.
inline constexpr std::string_view kParseErrorId = "parse-error";
inline constexpr std::string_view kSkippedFileId = "skipped-file";

/// The parse-error note when a re-reading after a syntax error (another
/// grammar, a recovery round) ran out of its time budget: only what was read
/// before is checked, and on a slower machine that may be less.
inline constexpr std::string_view kOutOfTimeNote =
    "the parser ran out of time re-reading this file after a syntax error; only what it had read is checked";

/// A parse error never fails a run by itself (cli.md); `rules` or `--rule`
/// may raise it (`"parse-error": "error"`) or turn it off.
inline constexpr Severity kParseErrorSeverity = Severity::info;

}  // namespace fanout
