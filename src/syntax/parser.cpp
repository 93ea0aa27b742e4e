#include "syntax/parser.hpp"

#include "syntax/lex.hpp"

namespace fanout {

Parser::Parser() : parser_(ts_parser_new(), &ts_parser_delete) {}

Tree Parser::parse(std::string_view text, Language language) {
  const Grammar& grammar = Grammar::get(language);
  if (current_ != &grammar) {
    ts_parser_set_language(parser_.get(), grammar.language());
    current_ = &grammar;
  }
  TSTree* tree = ts_parser_parse_string(parser_.get(), nullptr, text.data(),
                                        static_cast<std::uint32_t>(text.size()));
  return {tree, &grammar};
}

namespace {

bool ascii_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && lex::is_name_char(c);
}

}  // namespace

std::vector<std::uint32_t> name_occurrences(std::string_view text, std::string_view name, std::uint32_t from,
                                            std::uint32_t to) {
  std::vector<std::uint32_t> out;
  if (name.empty()) return out;
  const std::string_view range = text.substr(0, std::min<std::size_t>(to, text.size()));
  for (std::size_t at = lex::find(range, name, from); at != std::string_view::npos;
       at = lex::find(range, name, at + 1)) {
    const std::size_t end = at + name.size();
    if (at > 0 && ascii_name_char(text[at - 1])) continue;
    if (end < text.size() && ascii_name_char(text[end])) continue;
    out.push_back(static_cast<std::uint32_t>(at));
  }
  return out;
}

}  // namespace fanout
