#include "syntax/parser.hpp"

#include "fanout/prefilter.hpp"

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

std::vector<std::uint32_t> occurrences(std::string_view text, std::string_view needle, std::uint32_t from,
                                       std::uint32_t to) {
  std::vector<std::uint32_t> out;
  if (needle.empty()) return out;
  const std::string_view range = text.substr(0, std::min<std::size_t>(to, text.size()));
  for (std::size_t at = prefilter::find(range, needle, from); at != std::string_view::npos;
       at = prefilter::find(range, needle, at + 1)) {
    out.push_back(static_cast<std::uint32_t>(at));
  }
  return out;
}

}  // namespace fanout
