// The syntax contract rules see: node kinds and fields as our own enums, and a
// small value type over a tree-sitter node. Every tree-sitter call lives in
// src/syntax/; rules and the semantic layer only use what is declared here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

namespace fanout {

/// The grammar a file is parsed with.
enum class Language : std::uint8_t { javascript, typescript, tsx };

/// Picks the grammar from a path's extension; anything unknown is JavaScript.
Language language_for_path(std::string_view path);
std::string_view language_name(Language language);

/// Node kinds fanout looks at. `other` is every kind not listed here.
enum class Kind : std::uint8_t {
  other,
  arguments,
  array,
  array_pattern,
  arrow_function,
  as_expression,
  assignment_expression,
  assignment_pattern,
  augmented_assignment_expression,
  await_expression,
  binary_expression,
  call_expression,
  catch_clause,
  class_body,
  class_declaration,
  comment,
  do_statement,
  export_statement,
  expression_statement,
  false_,
  for_in_statement,
  for_statement,
  formal_parameters,
  function_declaration,
  function_expression,
  generator_function,
  generator_function_declaration,
  identifier,
  if_statement,
  import_clause,
  import_specifier,
  import_statement,
  lexical_declaration,
  member_expression,
  method_definition,
  named_imports,
  namespace_import,
  new_expression,
  non_null_expression,
  number,
  object,
  object_pattern,
  optional_parameter,
  pair,
  pair_pattern,
  parenthesized_expression,
  program,
  property_identifier,
  required_parameter,
  rest_pattern,
  return_statement,
  satisfies_expression,
  sequence_expression,
  shorthand_property_identifier,
  shorthand_property_identifier_pattern,
  spread_element,
  statement_block,
  string,
  string_fragment,
  subscript_expression,
  template_string,
  ternary_expression,
  this_,
  true_,
  type_assertion,
  unary_expression,
  update_expression,
  variable_declaration,
  variable_declarator,
  while_statement,
  import_require_clause,
  jsx_expression,
  count_,
};

/// Field names fanout reads children by (never by index).
enum class Field : std::uint8_t {
  alias,
  alternative,
  argument,
  arguments,
  body,
  condition,
  consequence,
  constructor,
  decorator,
  function,
  increment,
  index,
  initializer,
  key,
  kind,
  left,
  name,
  object,
  operator_,
  parameter,
  parameters,
  pattern,
  property,
  right,
  source,
  type_arguments,
  value,
  count_,
};

/// A function declaration, expression, arrow, generator or method.
bool is_function_kind(Kind kind);

class Grammar;

/// A node of a parsed tree. Cheap to copy; valid while its tree lives.
class Node {
 public:
  Node() = default;
  Node(TSNode raw, const Grammar* grammar) : raw_(raw), grammar_(grammar) {}

  explicit operator bool() const { return !ts_node_is_null(raw_); }
  bool operator==(const Node& other) const { return ts_node_eq(raw_, other.raw_); }

  Kind kind() const;
  bool is(Kind k) const { return kind() == k; }
  /// The grammar's own type name, for messages and debugging.
  std::string_view type() const;

  Node field(Field f) const;
  Node parent() const;
  /// Every ancestor, the root first and the parent last. One descent from the
  /// root: a chain of parent() calls re-descends from the root at every step.
  std::vector<Node> ancestors() const;
  /// The root of this node's tree, in constant time.
  Node root() const;
  std::uint32_t named_count() const;
  Node named(std::uint32_t index) const;
  Node next_named() const;
  /// Named children in order, comments included (a cursor walk: O(children)).
  std::vector<Node> named_children() const;
  std::uint32_t child_count() const;
  Node child(std::uint32_t index) const;

  std::uint32_t start() const { return ts_node_start_byte(raw_); }
  std::uint32_t end() const { return ts_node_end_byte(raw_); }
  std::uint32_t start_row() const { return ts_node_start_point(raw_).row; }

  bool is_error() const;
  bool is_missing() const;
  bool is_named() const;
  /// True when this node or a descendant is an ERROR or MISSING node.
  bool has_error() const;
  /// True when an ancestor is an ERROR node (findings there are dropped).
  bool inside_error() const;
  /// True when `other` is this node or lies inside it.
  bool contains(const Node& other) const { return start() <= other.start() && other.end() <= end(); }

  // Syntax helpers rules and the engine share (style.md: syntax helpers are
  // methods of `Node`). Those that read names take the file's text, which a
  // tree does not keep.

  /// This node's text in `source` (the text the tree was parsed from).
  std::string_view text(std::string_view source) const;
  /// Past parentheses and TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>x`).
  Node unwrapped() const;
  /// A function declaration, expression, arrow, generator or method.
  bool is_function() const { return is_function_kind(kind()); }
  /// A call's (or `new` expression's) arguments, comments skipped.
  std::vector<Node> arguments() const;
  /// A function's parameters, comments and decorators skipped.
  std::vector<Node> parameters() const;
  /// The property name of a member call's callee (`map` in `xs.map(f)`), or "".
  std::string_view member_name(std::string_view source) const;
  /// A string literal's (or plain template's) content without its quotes; no
  /// escapes are decoded.
  std::optional<std::string> string_value(std::string_view source) const;

  const Grammar* grammar() const { return grammar_; }
  TSNode raw() const { return raw_; }

 private:
  TSNode raw_{};
  const Grammar* grammar_ = nullptr;
};

}  // namespace fanout
