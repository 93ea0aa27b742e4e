// One file's text and the single conversion from byte offsets to the
// positions reporters print (style.md: `SourceFile` does the one conversion).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace fanout {

/// A position in a file: 1-based line, and 1-based columns in three units.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t byte_column = 1;    ///< bytes from the line start, + 1
  std::uint32_t utf16_column = 1;   ///< UTF-16 code units, + 1 (SARIF, ESLint JSON)
  std::uint32_t display_column = 1; ///< terminal cells, tabs to 4, wide chars 2, + 1
};

/// A file's path as shown to the user, and its text with a line index.
class SourceFile {
 public:
  SourceFile(std::string display_path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::string_view slice(std::uint32_t start, std::uint32_t end) const;

  Position position(std::uint32_t byte_offset) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  /// The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }
  /// Display width of a piece of a line (tabs to the next stop of 4... kept simple: 4 cells).
  static std::uint32_t display_width(std::string_view text);

 private:
  /// The columns at a byte offset of a long line.
  struct Checkpoint {
    std::uint32_t offset;
    std::uint32_t utf16;
    std::uint32_t display;
  };
  void add_checkpoints(std::uint32_t start, std::uint32_t end) const;
  /// Builds checkpoints_ for every long line, once, on the first position()
  /// asked: most files that are read report nothing, and decoding every
  /// byte of a minified bundle costs as much as scanning it for needles.
  void index_long_lines() const;

  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  /// Every ~1 KB along lines longer than that, in offset order: position()
  /// starts from the nearest one, where a scan from the line's start per
  /// finding made a minified bundle's report quadratic.
  mutable std::vector<Checkpoint> checkpoints_;
  mutable std::once_flag checkpoints_built_;  ///< position() may be asked from several threads
};

}  // namespace fanout
