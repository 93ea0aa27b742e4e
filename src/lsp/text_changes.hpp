// `textDocument/didChange` content changes applied to a document's text, and
// recorded on its last tree (ts_tree_edit) for the incremental reparse.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "syntax/document_tree.hpp"

namespace fanout::lsp {

/// Applies one `TextDocumentContentChangeEvent`: a `range` and its new
/// `text`, or the whole new `text` (the tree is then forgotten). Throws
/// nlohmann's exceptions on a bad shape, before changing anything.
void apply_change(const nlohmann::json& change, std::string& text, DocumentTree& tree);

}  // namespace fanout::lsp
