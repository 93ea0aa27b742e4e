#include "lsp/analysis.hpp"

#include "cli/driver.hpp"
#include "fanout/files.hpp"
#include "lsp/diagnostics.hpp"
#include "walk/source_text.hpp"

namespace fanout::lsp {
namespace {

// Enough for every configuration of a monorepo's open files.
constexpr std::size_t kMaxAnalyzers = 16;

const std::shared_ptr<const AnalysisOptions>& default_options() {
  static const auto options = std::make_shared<const AnalysisOptions>();
  return options;
}

// The baseline hides the first recorded findings of each rule, as in `check`.
void apply_baseline(const FileSetup& setup, FileResult& result) {
  if (!setup.baseline) return;
  std::vector<FileResult> files;
  files.push_back(std::move(result));
  cli::apply_baseline(*setup.baseline, files, {setup.baseline_key}, setup.repo_root);
  result = std::move(files.front());
}

// The findings in `text` under `setup`, as `check` reports them.
Findings find(const FileSetup& setup, const std::string& text, AnalyzerCache& analyzers, DocumentTree* tree,
              bool plan_fixes) {
  Findings findings;
  // Binary or too large: the note `check` prints for such a file.
  const ReadResult checked = read_text(text);
  if (checked.status != ReadResult::Status::ok) {
    findings.result = cli::skipped_file(setup.display, checked.error);
    return findings;
  }
  findings.unfiltered =
      analyse_source_text(analyzers.get(setup.options), setup.path, setup.display, text, tree, plan_fixes);
  findings.result = findings.unfiltered;
  apply_baseline(setup, findings.result);
  return findings;
}

bool checked(const FileSetup& setup) { return setup.error.empty() && !setup.ignored; }

}  // namespace

const Findings& Analysis::planned(AnalyzerCache& analyzers) const {
  std::call_once(planning_, [&] {
    if (!checked(*setup)) {
      planned_.emplace(Findings{unfiltered, result});
      return;
    }
    DocumentTree reparsed = tree;  // a worker's own copy: parsing stores into it
    planned_.emplace(find(*setup, *text, analyzers, &reparsed, true));
  });
  return *planned_;
}

Analysis::Analysis(const Snapshot& snapshot)
    : uri(snapshot.uri),
      version(snapshot.version),
      generation(snapshot.generation),
      text(snapshot.text),
      setup(snapshot.setup),
      lines(*snapshot.text) {}

Analyzer& AnalyzerCache::get(const std::shared_ptr<const AnalysisOptions>& options) {
  const auto& key = options ? options : default_options();
  auto found = analyzers_.find(key);
  if (found != analyzers_.end()) return *found->second;
  if (analyzers_.size() >= kMaxAnalyzers) analyzers_.clear();
  return *analyzers_.emplace(key, std::make_unique<Analyzer>(*key)).first->second;
}

std::shared_ptr<const Analysis> analyse(Snapshot& snapshot, AnalyzerCache& analyzers) {
  auto analysis = std::make_shared<Analysis>(snapshot);
  const FileSetup& setup = *snapshot.setup;
  if (!setup.error.empty()) {
    analysis->diagnostics.push_back(configuration_diagnostic(setup.error));
    return analysis;
  }
  if (setup.ignored) return analysis;
  snapshot.tree.cancelled = snapshot.cancelled.get();
  Findings findings = find(setup, *snapshot.text, analyzers, &snapshot.tree, false);
  snapshot.tree.cancelled = nullptr;
  analysis->unfiltered = std::move(findings.unfiltered);
  analysis->result = std::move(findings.result);
  analysis->tree = snapshot.tree;
  for (const Diagnostic& diagnostic : analysis->result.diagnostics) {
    analysis->diagnostics.push_back(lsp_diagnostic(diagnostic, analysis->lines, snapshot.uri));
  }
  return analysis;
}

}  // namespace fanout::lsp
