#include "syntax/lex.hpp"

#include <cstring>

namespace fanout::lex {

std::size_t find(std::string_view text, std::string_view needle, std::size_t from) {
  if (from > text.size() || needle.size() > text.size() - from) return std::string_view::npos;
  const void* hit = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return hit == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
}

std::string short_code(std::string_view code) {
  std::string out;
  bool space = false;
  for (char c : code) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  // `source\n  .delete` reads as `source.delete`.
  for (std::size_t at; (at = out.find(" .")) != std::string::npos;) out.erase(at, 1);
  if (out.size() > 40) out = out.substr(0, 37) + "...";
  return out;
}

}  // namespace fanout::lex
