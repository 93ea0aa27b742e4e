// The tree of a document that is being edited (the language server): edits
// are recorded on the last tree with ts_tree_edit, so the next parse reuses
// every subtree the edits did not touch instead of reading the whole text.
// A text with syntax errors is parsed afresh (Analyzer::analyze): error
// recovery is the one place an incremental parse may differ from a full one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "fanout/syntax.hpp"

namespace fanout {

/// One text edit in the coordinates tree-sitter keeps: bytes, and rows and
/// byte columns where only `\n` ends a row.
struct TreeEdit {
  std::uint32_t start_byte = 0;
  std::uint32_t old_end_byte = 0;
  std::uint32_t new_end_byte = 0;
  TSPoint start_point{};
  TSPoint old_end_point{};
  TSPoint new_end_point{};
};

/// The last tree of one document, edited as the document changes. Copies are
/// cheap (the nodes are shared) and may be used on another thread.
class DocumentTree {
 public:
  DocumentTree() = default;
  DocumentTree(const DocumentTree& other);
  DocumentTree& operator=(const DocumentTree& other);
  DocumentTree(DocumentTree&&) noexcept = default;
  DocumentTree& operator=(DocumentTree&&) noexcept = default;
  ~DocumentTree() = default;

  /// Records an edit of the text since the tree was parsed.
  void edit(const TreeEdit& edit);
  /// Forgets the tree: the next parse reads the whole text.
  void reset() { tree_.reset(); }
  bool empty() const { return tree_ == nullptr; }

  /// The tree to reparse from when parsing `language` (null: none).
  const TSTree* old_tree(Language language) const;
  /// Keeps a copy of a fresh tree of `language`.
  void store(const TSTree* tree, Language language);

  /// While set and true, a parse for this document stops early (a newer
  /// change made it useless); the analysis then reports nothing usable.
  const std::atomic<bool>* cancelled = nullptr;

 private:
  struct Delete {
    void operator()(TSTree* tree) const;
  };
  std::unique_ptr<TSTree, Delete> tree_;
  Language language_ = Language::javascript;
};

}  // namespace fanout
