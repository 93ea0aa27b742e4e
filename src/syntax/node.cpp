#include "syntax/grammar.hpp"

#include <algorithm>

namespace fanout {

Kind Node::kind() const {
  if (ts_node_is_null(raw_)) return Kind::other;
  return grammar_->kind_of(ts_node_symbol(raw_));
}

std::string_view Node::type() const {
  if (ts_node_is_null(raw_)) return {};
  return ts_node_type(raw_);
}

Node Node::field(Field f) const {
  if (ts_node_is_null(raw_)) return {};
  const TSFieldId id = grammar_->field_id(f);
  if (id == 0) return {};
  return {ts_node_child_by_field_id(raw_, id), grammar_};
}

Node Node::parent() const {
  if (ts_node_is_null(raw_)) return {};
  return {ts_node_parent(raw_), grammar_};
}

std::vector<Node> Node::ancestors() const {
  std::vector<Node> out;
  if (ts_node_is_null(raw_)) return out;
  for (TSNode n = ts_tree_root_node(raw_.tree); !ts_node_is_null(n) && !ts_node_eq(n, raw_);
       n = ts_node_child_with_descendant(n, raw_)) {
    out.emplace_back(n, grammar_);
  }
  return out;
}

Node Node::root() const {
  if (ts_node_is_null(raw_)) return {};
  return {ts_tree_root_node(raw_.tree), grammar_};
}

std::uint32_t Node::named_count() const {
  return ts_node_is_null(raw_) ? 0 : ts_node_named_child_count(raw_);
}

Node Node::named(std::uint32_t index) const {
  if (ts_node_is_null(raw_)) return {};
  return {ts_node_named_child(raw_, index), grammar_};
}

Node Node::next_named() const {
  if (ts_node_is_null(raw_)) return {};
  return {ts_node_next_named_sibling(raw_), grammar_};
}

std::vector<Node> Node::named_children() const {
  std::vector<Node> out;
  if (ts_node_is_null(raw_)) return out;
  // ts_node_named_child(i) is linear in i: iterate with a cursor instead.
  TSTreeCursor cursor = ts_tree_cursor_new(raw_);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode n = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(n)) out.emplace_back(n, grammar_);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

std::uint32_t Node::child_count() const { return ts_node_is_null(raw_) ? 0 : ts_node_child_count(raw_); }

Node Node::child(std::uint32_t index) const {
  if (ts_node_is_null(raw_)) return {};
  return {ts_node_child(raw_, index), grammar_};
}

bool Node::is_error() const { return !ts_node_is_null(raw_) && ts_node_is_error(raw_); }
bool Node::is_missing() const { return !ts_node_is_null(raw_) && ts_node_is_missing(raw_); }
bool Node::is_named() const { return !ts_node_is_null(raw_) && ts_node_is_named(raw_); }
bool Node::has_error() const { return !ts_node_is_null(raw_) && ts_node_has_error(raw_); }

bool Node::inside_error() const {
  // One descent from the root, as in ancestors(): a parent() chain re-descends
  // at every step, which made 100 000 nested sinks take hours. A subtree
  // without errors holds no ERROR ancestor of ours, so clean files stop at once.
  if (ts_node_is_null(raw_)) return false;
  for (TSNode n = ts_tree_root_node(raw_.tree); !ts_node_is_null(n) && !ts_node_eq(n, raw_) && ts_node_has_error(n);
       n = ts_node_child_with_descendant(n, raw_)) {
    if (ts_node_is_error(n)) return true;
  }
  return false;
}

std::string_view Node::text(std::string_view source) const {
  // Clamped like SourceFile::slice: a node of another text never reads past this one.
  const std::size_t from = std::min<std::size_t>(start(), source.size());
  const std::size_t to = std::clamp<std::size_t>(end(), from, source.size());
  return source.substr(from, to - from);
}

Node Node::unwrapped() const {
  Node n = *this;
  for (;;) {
    switch (n.kind()) {
      case Kind::parenthesized_expression:
      case Kind::as_expression:
      case Kind::satisfies_expression:
      case Kind::non_null_expression:
      case Kind::type_assertion: {
        // The expression is the first named child that is not a type.
        Node inner;
        for (std::uint32_t i = 0; i < n.named_count(); ++i) {
          Node c = n.named(i);
          if (c.is(Kind::comment)) continue;
          inner = c;
          if (!n.is(Kind::type_assertion)) break;  // `<T>x`: the expression comes last
        }
        if (!inner) return n;
        n = inner;
        break;
      }
      default:
        return n;
    }
  }
}

bool is_function_kind(Kind kind) {
  switch (kind) {
    case Kind::arrow_function:
    case Kind::function_expression:
    case Kind::function_declaration:
    case Kind::generator_function:
    case Kind::generator_function_declaration:
    case Kind::method_definition:
      return true;
    default:
      return false;
  }
}

std::vector<Node> Node::arguments() const {
  std::vector<Node> out = field(Field::arguments).named_children();
  std::erase_if(out, [](const Node& a) { return a.is(Kind::comment); });
  return out;
}

std::vector<Node> Node::parameters() const {
  std::vector<Node> out;
  if (Node single = field(Field::parameter)) {
    out.push_back(single);
    return out;
  }
  for (Node p : field(Field::parameters).named_children()) {
    if (!p.is(Kind::comment) && p.type() != "decorator") out.push_back(p);
  }
  return out;
}

std::string_view Node::member_name(std::string_view source) const {
  Node callee = field(Field::function).unwrapped();
  if (!callee.is(Kind::member_expression)) return {};
  return callee.field(Field::property).text(source);
}

std::optional<std::string> Node::string_value(std::string_view source) const {
  const Node n = unwrapped();
  if (n.is(Kind::string)) {
    const std::string_view t = n.text(source);
    if (t.size() >= 2) return std::string(t.substr(1, t.size() - 2));
  }
  if (n.is(Kind::template_string) && n.named_count() <= 1) {
    const std::string_view t = n.text(source);
    if (t.size() >= 2 && t.find("${") == std::string_view::npos) return std::string(t.substr(1, t.size() - 2));
  }
  return std::nullopt;
}

}  // namespace fanout
