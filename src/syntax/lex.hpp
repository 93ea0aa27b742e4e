// Byte-level text helpers below the parser: the name-scan `name_occurrences`
// uses them, and so do the pre-filter's scans (src/walk/), which sit above.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fanout::lex {

/// `[A-Za-z0-9_$]` or any non-ASCII byte: a character that continues a name.
inline bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}

/// The first occurrence of `needle` at or after `from` (memmem: far faster
/// than a first-byte memchr for needles whose first letter is common).
std::size_t find(std::string_view text, std::string_view needle, std::size_t from = 0);

/// Code as a message shows it: whitespace collapsed, `a\n  .b` read as
/// `a.b`, and anything past 40 characters cut to 37 and `...`.
std::string short_code(std::string_view code);

}  // namespace fanout::lex
