// RAII owners for tree-sitter parsers, trees and cursors.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

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
  const TSTree* raw() const { return tree_.get(); }

 private:
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree_{nullptr, &ts_tree_delete};
  const Grammar* grammar_ = nullptr;
};

/// The CPU time a parse may take before it gives up (no tree): a floor and
/// a cost per byte, linear in the size whatever tree-sitter's error recovery
/// meets. Generous: a parse of real code takes about 0.1 us per byte, and of
/// heavily broken code (an editor's buffer mid-edit) up to some tens of
/// times that; no such parse may give up, or results would depend on the
/// machine's speed.
struct ParseBudget {
  std::int64_t floor_ns = 50'000'000;  // 50 ms
  std::int64_t per_byte_ns = 10'000;   // 10 s per MB
  /// The budget for `bytes` (ten times larger under the sanitizers).
  std::int64_t for_size(std::size_t bytes) const;
};

/// One tree-sitter parser per language, reused across files by one worker.
class Parser {
 public:
  Parser();
  Tree parse(std::string_view text, Language language);
  /// Reparses from `old_tree` (edited to match `text`, see DocumentTree);
  /// returns no tree when `cancelled` turns true during the parse. Every
  /// parse returns no tree once over its budget (ParseBudget).
  Tree parse(std::string_view text, Language language, const TSTree* old_tree, const std::atomic<bool>* cancelled);
  /// Parses only `ranges` of `text` (sorted, disjoint; tree-sitter's included
  /// ranges): nodes keep the whole text's byte offsets and rows.
  Tree parse(std::string_view text, Language language, const std::vector<TSRange>& ranges);
  /// Tests shrink it to see a parse give up.
  void set_budget(ParseBudget budget) { budget_ = budget; }
  /// Whether the last parse gave no tree because it ran out of its budget
  /// (rather than being cancelled).
  bool gave_up() const { return gave_up_; }
  /// While it lives, the parses of one reading (a block's first parse, the
  /// other grammar, the recovery reparses) share `parses` times one parse's
  /// budget for `bytes`, so that a reading, like a parse, stays linear.
  class SharedBudget {
   public:
    SharedBudget(Parser& parser, std::size_t bytes, int parses);
    ~SharedBudget() { parser_.shared_deadline_.reset(); }
    SharedBudget(const SharedBudget&) = delete;
    SharedBudget& operator=(const SharedBudget&) = delete;

   private:
    Parser& parser_;
  };

 private:
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser_;
  const Grammar* current_ = nullptr;
  ParseBudget budget_;
  std::optional<std::int64_t> shared_deadline_;  ///< thread CPU time, set by SharedBudget
  bool gave_up_ = false;
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

/// Where `name` occurs in text[from, to) without an ASCII name character
/// (`[A-Za-z0-9_$]`) right before or after it, in order: the places a walk
/// that looks for identifiers spelt `name` (see walk_around) needs to enter.
/// Such an identifier cannot touch an ASCII name character, or the lexer would
/// have read one longer name; a non-ASCII neighbour (a Unicode space) is kept.
/// In minified code this skips the thousands of `e`s inside other words.
std::vector<std::uint32_t> name_occurrences(std::string_view text, std::string_view name, std::uint32_t from = 0,
                                            std::uint32_t to = std::numeric_limits<std::uint32_t>::max());

/// name_occurrences() of every one of `names` (made of ASCII name
/// characters) at once, in order, in one pass over the text: a search for
/// thirty names need not read the file thirty times.
std::vector<std::uint32_t> names_occurrences(std::string_view text, std::span<const std::string_view> names);

/// True when one of `offsets` (sorted) lies inside the node's bytes.
inline bool holds_offset(const Node& n, const std::vector<std::uint32_t>& offsets) {
  const auto it = std::lower_bound(offsets.begin(), offsets.end(), n.start());
  return it != offsets.end() && *it < n.end();
}

/// walk(), restricted to the nodes that hold one of `offsets` (sorted): any
/// node whose text contains a name contains the name's offset, so a search for
/// one name visits its occurrences' ancestors instead of the whole tree.
/// Nodes deeper than `max_depth` below `root` are neither visited nor entered.
/// Children are found by byte (ts_node_first_child_for_byte descends the
/// balanced trees tree-sitter keeps for repetitions), not by stepping through
/// siblings: a bundle's 60 000 top-level statements cost a few steps per
/// occurrence, not 60 000 per search.
template <typename Visit>
void walk_around(Node root, const std::vector<std::uint32_t>& offsets, Visit&& visit,
                 std::uint32_t max_depth = std::numeric_limits<std::uint32_t>::max()) {
  if (offsets.empty() || !holds_offset(root, offsets) || !visit(root) || max_depth == 0) return;
  struct Frame {
    TSNode node;
    std::uint32_t depth;
    std::uint32_t next;  ///< where to look for the next child that holds an offset
  };
  std::vector<Frame> stack{{root.raw(), 0, root.start()}};  // explicit: minified code nests deeply
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const auto it = std::lower_bound(offsets.begin(), offsets.end(), frame.next);
    if (it == offsets.end() || *it >= ts_node_end_byte(frame.node)) {
      stack.pop_back();
      continue;
    }
    const TSNode child = ts_node_first_child_for_byte(frame.node, *it);
    if (ts_node_is_null(child)) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t child_start = ts_node_start_byte(child);
    const std::uint32_t child_end = ts_node_end_byte(child);
    if (child_start > *it) {  // the offset lies between children: go on from the next one
      frame.next = child_start;
      continue;
    }
    frame.next = std::max(child_end, *it + 1);
    const std::uint32_t depth = frame.depth + 1;  // `frame` is invalid once the stack grows
    if (visit(Node(child, root.grammar())) && depth < max_depth) stack.push_back({child, depth, child_start});
  }
}

}  // namespace fanout
