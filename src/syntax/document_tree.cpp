#include "syntax/document_tree.hpp"

namespace fanout {

void DocumentTree::Delete::operator()(TSTree* tree) const { ts_tree_delete(tree); }

DocumentTree::DocumentTree(const DocumentTree& other)
    : cancelled(other.cancelled),
      tree_(other.tree_ ? ts_tree_copy(other.tree_.get()) : nullptr),
      language_(other.language_) {}

DocumentTree& DocumentTree::operator=(const DocumentTree& other) {
  if (this != &other) {
    tree_.reset(other.tree_ ? ts_tree_copy(other.tree_.get()) : nullptr);
    language_ = other.language_;
    cancelled = other.cancelled;
  }
  return *this;
}

void DocumentTree::edit(const TreeEdit& edit) {
  if (!tree_) return;
  const TSInputEdit input{
      .start_byte = edit.start_byte,
      .old_end_byte = edit.old_end_byte,
      .new_end_byte = edit.new_end_byte,
      .start_point = edit.start_point,
      .old_end_point = edit.old_end_point,
      .new_end_point = edit.new_end_point,
  };
  ts_tree_edit(tree_.get(), &input);
}

const TSTree* DocumentTree::old_tree(Language language) const {
  return tree_ && language_ == language ? tree_.get() : nullptr;
}

void DocumentTree::store(const TSTree* tree, Language language) {
  tree_.reset(tree ? ts_tree_copy(tree) : nullptr);
  language_ = language;
}

}  // namespace fanout
