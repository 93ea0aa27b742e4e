// RAII owners for tree-sitter parsers, trees and cursors.
#pragma once

#include <memory>
#include <string_view>

#include "fanout/syntax.hpp"
#include "syntax/grammar.hpp"

namespace fanout {

/// A parsed tree; frees itself.
class Tree {
 public:
  Tree() = default;
  Tree(TSTree* tree, const Grammar* grammar) : tree_(tree, &ts_tree_delete), grammar_(grammar) {}
  explicit operator bool() const { return tree_ != nullptr; }
  Node root() const { return {ts_tree_root_node(tree_.get()), grammar_}; }

 private:
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree_{nullptr, &ts_tree_delete};
  const Grammar* grammar_ = nullptr;
};

/// One tree-sitter parser per language, reused across files by one worker.
class Parser {
 public:
  Parser();
  Tree parse(std::string_view text, Language language);

 private:
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser_;
  const Grammar* current_ = nullptr;
};

/// A cursor for iterative walks (never recursion: minified files nest deeply).
class Cursor {
 public:
  explicit Cursor(Node root) : cursor_(ts_tree_cursor_new(root.raw())), grammar_(root.grammar()) {}
  ~Cursor() { ts_tree_cursor_delete(&cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  Node node() const { return {ts_tree_cursor_current_node(&cursor_), grammar_}; }
  TSSymbol symbol() const { return ts_node_symbol(ts_tree_cursor_current_node(&cursor_)); }
  bool first_child() { return ts_tree_cursor_goto_first_child(&cursor_); }
  bool next_sibling() { return ts_tree_cursor_goto_next_sibling(&cursor_); }
  bool up() { return ts_tree_cursor_goto_parent(&cursor_); }

 private:
  TSTreeCursor cursor_;
  const Grammar* grammar_;
};

/// Visits every node under `root` in document order, iteratively. `visit`
/// returns false to skip a node's children.
template <typename Visit>
void walk(Node root, Visit&& visit) {
  Cursor cursor(root);
  for (;;) {
    const bool descend = visit(cursor.node());
    if (descend && cursor.first_child()) continue;
    for (;;) {
      if (cursor.next_sibling()) break;
      if (!cursor.up()) return;
    }
  }
}

}  // namespace fanout
