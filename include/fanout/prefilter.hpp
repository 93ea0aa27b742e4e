// Text scans for the pre-filter: a file is parsed only when some rule's scan
// says it may hold what the rule reports. Every scan may answer "maybe" too
// often, never "no" for a file the rule would report in (soundness: the
// findings with and without `--no-prefilter` are identical).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanout::prefilter {

/// A file's text that remembers which needles it contains: the analyzer
/// asks for every rule's needles, the rules' own scans ask again (is
/// `bluebird` there at all?), and each needle is searched for once per file.
class Text {
 public:
  // Implicit: every scan below also takes a plain string.
  Text(std::string_view text) : text_(text) {}         // NOLINT(google-explicit-constructor)
  Text(const std::string& text) : text_(text) {}       // NOLINT(google-explicit-constructor)
  Text(const char* text) : text_(text) {}              // NOLINT(google-explicit-constructor)
  std::string_view view() const { return text_; }
  /// Does the text contain `needle` anywhere (comments and strings included)?
  bool contains(std::string_view needle) const;

 private:
  std::string_view text_;
  mutable std::vector<std::pair<std::string, bool>> answers_;
};

/// `[A-Za-z0-9_$]` or any non-ASCII byte: a character that continues a name.
inline bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}

/// The first occurrence of `needle` at or after `from` (memmem: far faster
/// than a first-byte memchr for needles whose first letter is common).
std::size_t find(std::string_view text, std::string_view needle, std::size_t from = 0);

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

/// May the text load `module` (`require('m')`, `import('m')`, `from 'm'`,
/// `'node:m'`)? The module name may be followed by one of `continuations`
/// (`"/"` takes `m/sub`). The semantic layer knows libraries only through such
/// strings (modules.cpp).
bool may_load_module(const Text& text, std::string_view module, std::string_view continuations = "");

/// May the text call `Promise.all|allSettled|any|race` on the global
/// `Promise` or on bluebird (semantics.md: Sinks, first row)?
bool may_call_combinator(const Text& text);

}  // namespace fanout::prefilter
