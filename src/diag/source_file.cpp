#include "fanout/source_file.hpp"

#include <algorithm>

namespace fanout {
namespace {

// Length of the UTF-8 sequence starting with `lead`, 1 for invalid bytes (they
// count as one replacement character, as tree-sitter reads them).
std::uint32_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// East Asian wide and emoji ranges take two terminal cells.
bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

struct Decoded {
  std::uint32_t codepoint;
  std::uint32_t length;
  bool valid;
};

Decoded decode(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::uint32_t len = sequence_length(lead);
  if (len == 1) return {lead < 0x80 ? lead : 0xFFFDu, 1, lead < 0x80};
  if (i + len > text.size()) return {0xFFFD, 1, false};
  std::uint32_t cp = lead & (0x7F >> len);
  for (std::uint32_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) return {0xFFFD, 1, false};
    cp = (cp << 6) | (c & 0x3F);
  }
  return {cp, len, true};
}

constexpr std::uint32_t kCheckpointBytes = 1024;

// Advances the UTF-16 and display columns over `text` (display_width's
// rules: tabs to the next stop of 4, combining marks none, wide chars 2).
void advance(std::string_view text, std::uint32_t& utf16, std::uint32_t& width) {
  for (std::size_t k = 0; k < text.size();) {
    const Decoded d = decode(text, k);
    utf16 += d.codepoint >= 0x10000 ? 2 : 1;
    if (d.codepoint == '\t') {
      width += 4 - (width % 4);
    } else if (d.codepoint >= 0x300 && d.codepoint <= 0x36F) {
      // combining marks take no cell
    } else {
      width += is_wide(d.codepoint) ? 2 : 1;
    }
    k += d.length;
  }
}

// Where the columns of a line start counting: after a UTF-8 BOM opening the file.
std::uint32_t first_column(std::string_view text, std::uint32_t start) {
  return start == 0 && text.starts_with("\xEF\xBB\xBF") ? 3 : start;
}

}  // namespace

void SourceFile::add_checkpoints(std::uint32_t start, std::uint32_t end) const {
  // Checkpoints sit where a scan from the line's start begins a character,
  // so resuming from one decodes exactly what a full scan would.
  const std::string_view line = std::string_view(text_).substr(start, end - start);
  std::uint32_t utf16 = 0;
  std::uint32_t width = 0;
  std::uint32_t last = 0;
  for (std::size_t k = first_column(text_, start) - start; k < line.size();) {
    if (k - last >= kCheckpointBytes) {
      checkpoints_.push_back(Checkpoint{.offset = static_cast<std::uint32_t>(start + k), .utf16 = utf16, .display = width});
      last = static_cast<std::uint32_t>(k);
    }
    const Decoded d = decode(line, k);
    advance(line.substr(k, d.length), utf16, width);
    k += d.length;
  }
}

SourceFile::SourceFile(std::string display_path, std::string text)
    : path_(std::move(display_path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const auto size = static_cast<std::uint32_t>(text_.size());
  if (text_.find('\r') == std::string::npos) {
    // The common case, found with memchr: only \n ends lines.
    for (std::size_t at = text_.find('\n'); at != std::string::npos; at = text_.find('\n', at + 1)) {
      line_starts_.push_back(static_cast<std::uint32_t>(at + 1));
    }
    return;
  }
  for (std::uint32_t i = 0; i < size; ++i) {
    // \n, \r\n and a lone \r all end a line, as in JavaScript.
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 >= size || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);
    }
  }
}

void SourceFile::index_long_lines() const {
  for (std::size_t line = 0; line < line_starts_.size(); ++line) {
    const std::uint32_t start = line_starts_[line];
    const std::uint32_t end = line + 1 < line_starts_.size() ? line_starts_[line + 1] : static_cast<std::uint32_t>(text_.size());
    if (end - start > kCheckpointBytes) add_checkpoints(start, end);
  }
}

std::string_view SourceFile::slice(std::uint32_t start, std::uint32_t end) const {
  start = std::min<std::uint32_t>(start, static_cast<std::uint32_t>(text_.size()));
  end = std::clamp<std::uint32_t>(end, start, static_cast<std::uint32_t>(text_.size()));
  return std::string_view(text_).substr(start, end - start);
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(start, end - start);
}

Position SourceFile::position(std::uint32_t byte_offset) const {
  byte_offset = std::min<std::uint32_t>(byte_offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::uint32_t start = line_starts_[line - 1];
  Position pos;
  pos.line = line;
  pos.byte_column = byte_offset - start + 1;
  std::uint32_t utf16 = 0;
  std::uint32_t width = 0;
  std::uint32_t i = first_column(text_, start);
  if (i > byte_offset) i = start;  // inside the BOM itself
  // On a long line, start from the last checkpoint at or before the offset.
  std::call_once(checkpoints_built_, [this] { index_long_lines(); });
  const auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte_offset,
                                      [](std::uint32_t offset, const Checkpoint& c) { return offset < c.offset; });
  if (after != checkpoints_.begin() && std::prev(after)->offset >= i) {
    i = std::prev(after)->offset;
    utf16 = std::prev(after)->utf16;
    width = std::prev(after)->display;
  }
  advance(std::string_view(text_.data() + i, byte_offset - i), utf16, width);
  pos.utf16_column = utf16 + 1;
  pos.display_column = width + 1;
  return pos;
}

std::uint32_t SourceFile::display_width(std::string_view text) {
  std::uint32_t utf16 = 0;
  std::uint32_t width = 0;
  advance(text, utf16, width);
  return width;
}

}  // namespace fanout
