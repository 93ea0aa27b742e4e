#include "syntax/parser.hpp"

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

}  // namespace fanout
