#include "syntax/grammar.hpp"

#include <cstring>
#include <unordered_map>

#include "fanout/sources.hpp"

extern "C" {
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
}

namespace fanout {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Kind::count_)> kKindNames = {
    "",  // other
    "arguments", "array", "array_pattern", "arrow_function", "as_expression",
    "assignment_expression", "assignment_pattern", "augmented_assignment_expression",
    "await_expression", "binary_expression", "call_expression", "catch_clause", "class_body",
    "class_declaration", "comment", "do_statement", "export_statement", "expression_statement",
    "false", "for_in_statement", "for_statement", "formal_parameters", "function_declaration",
    "function_expression", "generator_function", "generator_function_declaration", "identifier",
    "if_statement", "import_clause", "import_specifier", "import_statement",
    "lexical_declaration", "member_expression", "method_definition", "named_imports",
    "namespace_import", "new_expression", "non_null_expression", "number", "object",
    "object_pattern", "optional_parameter", "pair", "pair_pattern", "parenthesized_expression",
    "program", "property_identifier", "required_parameter", "rest_pattern", "return_statement",
    "satisfies_expression", "sequence_expression", "shorthand_property_identifier",
    "shorthand_property_identifier_pattern", "spread_element", "statement_block", "string",
    "string_fragment", "subscript_expression", "template_string", "ternary_expression", "this",
    "true", "type_assertion", "unary_expression", "update_expression", "variable_declaration",
    "variable_declarator", "while_statement", "import_require_clause", "jsx_expression",
};

constexpr std::array<std::string_view, static_cast<std::size_t>(Field::count_)> kFieldNames = {
    "alias", "alternative", "argument", "arguments", "body", "condition", "consequence",
    "constructor", "decorator", "function", "increment", "index", "initializer", "key", "kind",
    "left", "name", "object", "operator", "parameter", "parameters", "pattern", "property",
    "right", "source", "type_arguments", "value",
};

}  // namespace

std::string_view Grammar::kind_name(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }
std::string_view Grammar::field_name(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

bool Grammar::kind_is_optional(Kind kind, Language language) {
  switch (kind) {
    // TypeScript-only syntax.
    case Kind::as_expression:
    case Kind::satisfies_expression:
    case Kind::non_null_expression:
    case Kind::required_parameter:
    case Kind::optional_parameter:
    case Kind::import_require_clause:
      return language == Language::javascript;
    // Angle-bracket assertions do not exist in TSX; JSX does not exist in TS.
    case Kind::type_assertion:
      return language != Language::typescript;
    case Kind::jsx_expression:
      return language == Language::typescript;
    default:
      return false;
  }
}

bool Grammar::field_is_optional(Field field, Language language) {
  return field == Field::type_arguments && language == Language::javascript;
}

Grammar::Grammar(Language language) : id_(language) {
  switch (language) {
    case Language::javascript: language_ = tree_sitter_javascript(); break;
    case Language::typescript: language_ = tree_sitter_typescript(); break;
    case Language::tsx: language_ = tree_sitter_tsx(); break;
  }
  kinds_.assign(ts_language_symbol_count(language_), Kind::other);
  // One pass over the grammar's symbols, each name looked up once: asking
  // tree-sitter for each kind by name compares every symbol's name per kind,
  // and cost a third of a one-file hook run's time.
  std::unordered_map<std::string_view, std::size_t> kind_by_name;
  for (std::size_t k = 1; k < kKindNames.size(); ++k) kind_by_name.emplace(kKindNames[k], k);
  for (TSSymbol s = 0; s < kinds_.size(); ++s) {
    const char* sname = ts_language_symbol_name(language_, s);
    if (sname == nullptr) continue;
    const auto found = kind_by_name.find(sname);
    if (found == kind_by_name.end()) continue;
    // A node type can own several symbol ids (aliases); map every id whose
    // name matches, so Node::kind() never depends on which one a node has.
    // Keywords such as `this`/`true` are named nodes too.
    if (ts_language_symbol_type(language_, s) == TSSymbolTypeRegular) kinds_[s] = static_cast<Kind>(found->second);
  }
  for (std::size_t f = 0; f < kFieldNames.size(); ++f) {
    const auto name = kFieldNames[f];
    fields_[f] = ts_language_field_id_for_name(language_, name.data(),
                                               static_cast<std::uint32_t>(name.size()));
  }
}

const Grammar& Grammar::get(Language language) {
  // Each built on first use: a hook run on one .js file needs one grammar.
  switch (language) {
    case Language::typescript: {
      static const Grammar typescript(Language::typescript);
      return typescript;
    }
    case Language::tsx: {
      static const Grammar tsx(Language::tsx);
      return tsx;
    }
    case Language::javascript: break;
  }
  static const Grammar javascript(Language::javascript);
  return javascript;
}

Language language_for_path(std::string_view path) {
  switch (checked_kind_for_path(path)) {
    case SourceKind::typescript: return Language::typescript;
    case SourceKind::tsx: return Language::tsx;
    default: return Language::javascript;  // components: their scripts' default language
  }
}

std::string_view language_name(Language language) {
  switch (language) {
    case Language::typescript: return "typescript";
    case Language::tsx: return "tsx";
    case Language::javascript: break;
  }
  return "javascript";
}

}  // namespace fanout
