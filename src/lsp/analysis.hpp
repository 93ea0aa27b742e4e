// One version of a document analysed on a worker thread, exactly as `check`
// analyses a file: analyse_source_text under the file's configuration, then
// its baseline. Each worker keeps one Analyzer per configuration in use.
// Diagnostics are published without fixes (planning them costs more than
// finding them); a code action or hover plans them for its version, once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fanout/analyzer.hpp"
#include "lsp/line_index.hpp"
#include "lsp/workspace.hpp"
#include "syntax/document_tree.hpp"

namespace fanout::lsp {

/// What a worker needs to analyse one version of a document.
struct Snapshot {
  std::string uri;
  std::int64_t version = 0;
  std::uint64_t generation = 0;  ///< the document's state it was taken from
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const FileSetup> setup;
  DocumentTree tree;  ///< a copy of the document's last tree, edited up to `text`
  std::shared_ptr<std::atomic<bool>> cancelled;
};

class AnalyzerCache;

/// What `check` finds in one version, before and after the baseline.
struct Findings {
  FileResult unfiltered;  ///< before the baseline: what `--fix` works from
  FileResult result;      ///< what is reported
};

/// One version of a document, analysed.
struct Analysis {
  Analysis(const Snapshot& snapshot);

  /// The findings with their fixes, exactly as `check --fix` plans them:
  /// the same diagnostics as `unfiltered` and `result`, in the same order.
  /// Planned on the first call for this version, then kept; thread-safe.
  const Findings& planned(AnalyzerCache& analyzers) const;

  std::string uri;
  std::int64_t version;
  std::uint64_t generation;
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const FileSetup> setup;
  LineIndex lines;          ///< over *text
  FileResult unfiltered;    ///< before the baseline, without fixes
  FileResult result;        ///< what is reported, without fixes
  nlohmann::json diagnostics = nlohmann::json::array();  ///< result's, as LSP diagnostics
  DocumentTree tree;        ///< the tree of *text (reparsed cheaply when fixes are planned)

 private:
  mutable std::once_flag planning_;
  mutable std::optional<Findings> planned_;
};

/// One Analyzer per configuration, for one worker thread.
class AnalyzerCache {
 public:
  Analyzer& get(const std::shared_ptr<const AnalysisOptions>& options);

 private:
  // The key owns its options: a configuration freed after a reload cannot
  // hand its address to a different one.
  std::map<std::shared_ptr<const AnalysisOptions>, std::unique_ptr<Analyzer>> analyzers_;
};

/// Analyses the snapshot; its tree is left as the new parse tree.
std::shared_ptr<const Analysis> analyse(Snapshot& snapshot, AnalyzerCache& analyzers);

}  // namespace fanout::lsp
