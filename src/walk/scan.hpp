// The lexical scans the pre-filter's predicates are built from (fanout/
// prefilter.hpp). Each may answer "maybe" too often, never "no" wrongly.
#pragma once

#include <cstddef>
#include <string_view>

#include "syntax/lex.hpp"

namespace fanout::prefilter {

using lex::find;

/// A name character for the scans: ASCII letters, digits, `_` and `$` only.
/// A byte from 0x80 up may be a Unicode letter, a Unicode space, or a byte
/// of invalid UTF-8 that the lexer skips as an error, so it is never taken
/// as part of a name: `\xE7Promise.all(` holds the name `Promise` for the
/// lexer, and a scan that read one longer name would say "no" wrongly.
inline bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && lex::is_name_char(c);
}

/// The offset after whitespace and comments from `at` (the end of text if none).
std::size_t skip_trivia(std::string_view text, std::size_t at);

/// The name starting at `at`, or "" if none starts there.
std::string_view name_at(std::string_view text, std::size_t at);

/// Calls `visit(offset)` for each occurrence of `word` as a whole name, in
/// order, until `visit` returns true; returns whether one did.
template <typename Visit>
bool any_word(std::string_view text, std::string_view word, Visit&& visit) {
  for (std::size_t at = find(text, word); at != std::string_view::npos; at = find(text, word, at + 1)) {
    const bool left = at == 0 || !is_name_char(text[at - 1]);
    const std::size_t end = at + word.size();
    if (left && (end == text.size() || !is_name_char(text[end])) && visit(at)) return true;
  }
  return false;
}

/// What `previous_char` answers when a line above contains `//`: a comment
/// may hide the end of that line, so the character before is unknown.
inline constexpr char kUnsure = '\x01';

/// The character before `at` past whitespace, moving `at` onto it; '\0' at
/// the start of the text; kUnsure (see above).
char previous_char(std::string_view text, std::size_t& at);

/// May the name at `at` be a property, as in `x.name`, `x?.name` or
/// `x . /* c */ name`? Says yes when a comment it cannot see back over may hide the dot.
bool may_be_property(std::string_view text, std::size_t at);

}  // namespace fanout::prefilter
