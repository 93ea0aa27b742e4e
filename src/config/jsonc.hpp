// JSON with comments and trailing commas, made parseable by nlohmann 3.11
// (which ignores comments but rejects trailing commas) and mapped back to lines
// so that config errors can name the line of the key they are about.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fanout::config {

/// A config text ready for nlohmann::json::parse(..., ignore_comments = true).
struct PreparedJson {
  /// The input with each trailing comma replaced by a space: offsets and lines are kept.
  std::string text;
  /// Key path (`fix.style`, `helpers.map[0].callee`, "" for the root) to the
  /// 1-based line of its key, or of the element's first character in an array.
  std::map<std::string, std::uint32_t, std::less<>> lines;
  /// Key paths written twice in one object (nlohmann silently keeps the last).
  std::vector<std::string> duplicates;
  /// Set when the text nests deeper than kMaxJsonDepth: the scan stopped
  /// there, and the text must not be handed to nlohmann.
  std::string error;
  std::uint32_t error_line = 0;
};

/// Objects and arrays nest at most this deep in a configuration or baseline
/// (real ones stay under ten): a 200 KB file nested 100 000 deep must be
/// refused, not parsed.
inline constexpr std::size_t kMaxJsonDepth = 100;

/// Scans `text` once, outside strings and comments, in time linear in its
/// size. Malformed input is passed through for nlohmann to report; the scan
/// itself fails only on nesting deeper than kMaxJsonDepth.
PreparedJson prepare_jsonc(std::string_view text);

/// The 1-based line of a byte offset.
std::uint32_t line_of_offset(std::string_view text, std::size_t offset);

/// The path of a child: `parent.key`, or `key` at the root.
std::string child_path(std::string_view parent, std::string_view key);
/// The path of an array element: `parent[index]`.
std::string element_path(std::string_view parent, std::size_t index);

}  // namespace fanout::config
