#include "syntax/grammar.hpp"

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

}  // namespace fanout
