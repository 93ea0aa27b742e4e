// Output formats. One renderer per format in src/report/, all behind render();
// they only format Diagnostics and never re-derive anything.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/analyzer.hpp"

namespace fanout {

enum class Format : std::uint8_t { text, stylish, compact, json, sarif, github };

std::optional<Format> parse_format(std::string_view name);

/// Counts for the closing summary line.
struct RunSummary {
  std::size_t files_checked = 0;   ///< files looked at (pre-filtered ones included)
  std::size_t files_parsed = 0;
};

struct ReportOptions {
  bool color = false;
  /// Show the suggested rewrite and related locations (text format).
  bool show_help = true;
};

/// Renders every file's diagnostics (files are already sorted by path).
void render(Format format, const std::vector<FileResult>& files, const RunSummary& summary,
            const ReportOptions& options, std::ostream& out);

}  // namespace fanout
