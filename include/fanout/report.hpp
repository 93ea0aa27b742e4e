// Output formats. One renderer per format in src/report/, all behind render();
// they only format Diagnostics and never re-derive anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/analyzer.hpp"

namespace fanout {

enum class Format : std::uint8_t { text, stylish, compact, json, sarif, github, gitlab, junit, checkstyle };

/// One output format as users type it: the one table the command line, the
/// configuration reader, `--print-config` and the schema test read.
struct FormatName {
  std::string_view name;     ///< `--format NAME`, `"format": "NAME"`
  Format format;
  std::string_view summary;  ///< one line for `--help` and the README
};

/// Every format, in the order `--help` lists them.
std::span<const FormatName> format_names();
std::optional<Format> parse_format(std::string_view name);
std::string_view format_name(Format format);

/// Counts for the closing summary line, and what the run could not do.
struct RunSummary {
  std::size_t files_checked = 0;   ///< files looked at (pre-filtered ones included)
  std::size_t files_parsed = 0;
  /// Paths that could not be walked, read or written (each one means exit 2):
  /// reports say so instead of looking like a clean run.
  std::vector<std::string> errors;
};

struct ReportOptions {
  bool color = false;
  /// Show the suggested rewrite and related locations (text format).
  bool show_help = true;
  /// Absolute; SARIF, `github` and `gitlab` paths are relative to it. Empty:
  /// the working directory.
  std::string repository_root;
};

/// Renders every file's diagnostics (files are already sorted by path).
void render(Format format, const std::vector<FileResult>& files, const RunSummary& summary,
            const ReportOptions& options, std::ostream& out);

}  // namespace fanout
