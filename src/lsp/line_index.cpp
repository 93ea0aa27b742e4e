#include "lsp/line_index.hpp"

#include <algorithm>

namespace fanout::lsp {
namespace {

// Length of the UTF-8 sequence at `i` and its UTF-16 length; invalid bytes
// count as one unit each (a replacement character).
struct Unit {
  std::uint32_t bytes;
  std::uint32_t utf16;
};

Unit unit_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::uint32_t length = 1;
  if ((lead & 0xE0) == 0xC0) length = 2;
  else if ((lead & 0xF0) == 0xE0) length = 3;
  else if ((lead & 0xF8) == 0xF0) length = 4;
  if (length == 1 || i + length > text.size()) return {1, 1};
  for (std::uint32_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return {1, 1};
  }
  return {length, length == 4 ? 2u : 1u};
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      starts_.push_back(i + 1);
    }
  }
}

std::uint32_t LineIndex::offset(LspPosition position) const {
  if (position.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::size_t at = starts_[position.line];
  std::size_t end = position.line + 1 < starts_.size() ? starts_[position.line + 1] : text_.size();
  while (end > at && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  std::uint32_t units = 0;
  while (at < end && units < position.character) {
    const Unit unit = unit_at(text_, at);
    // Half a surrogate pair is not a position: the character is taken whole.
    units += unit.utf16;
    at += unit.bytes;
  }
  return static_cast<std::uint32_t>(std::min(at, end));
}

LspPosition LineIndex::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  std::uint32_t units = 0;
  for (std::size_t at = starts_[line]; at < offset;) {
    const Unit unit = unit_at(text_, at);
    units += unit.utf16;
    at += unit.bytes;
  }
  return {line, units};
}

nlohmann::json LineIndex::json_position(std::uint32_t offset) const {
  const LspPosition p = position(offset);
  return {{"line", p.line}, {"character", p.character}};
}

nlohmann::json LineIndex::json_range(std::uint32_t start, std::uint32_t end) const {
  return {{"start", json_position(start)}, {"end", json_position(std::max(start, end))}};
}

LspPosition read_position(const nlohmann::json& position) {
  return {position.at("line").get<std::uint32_t>(), position.at("character").get<std::uint32_t>()};
}

}  // namespace fanout::lsp
