// LSP positions (0-based line, UTF-16 code units) to byte offsets and back,
// over one version of a document's text. Lines end at \n, \r\n or \r, as the
// protocol says; nothing is skipped (an editor counts a BOM as a character).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fanout::lsp {

struct LspPosition {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

class LineIndex {
 public:
  /// `text` must outlive the index.
  explicit LineIndex(std::string_view text);

  /// The byte offset of a position; a character past the line's end means
  /// the end of the line, a line past the last the end of the text.
  std::uint32_t offset(LspPosition position) const;
  LspPosition position(std::uint32_t offset) const;

  /// `{"line": .., "character": ..}` and `{"start": .., "end": ..}`.
  nlohmann::json json_position(std::uint32_t offset) const;
  nlohmann::json json_range(std::uint32_t start, std::uint32_t end) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

/// Reads `{"line", "character"}`; throws nlohmann's exceptions on a bad shape.
LspPosition read_position(const nlohmann::json& position);

}  // namespace fanout::lsp
