#include "lsp/workspace.hpp"

#include <filesystem>
#include <system_error>

#include "fanout/files.hpp"
#include "lsp/log.hpp"
#include "lsp/uri.hpp"

namespace fanout::lsp {
namespace {

namespace fs = std::filesystem;

// An unsaved buffer is checked as a file of its language in the workspace.
std::string extension_for(const std::string& language_id) {
  if (language_id == "typescript") return ".ts";
  if (language_id == "typescriptreact") return ".tsx";
  if (language_id == "javascriptreact") return ".jsx";
  if (language_id == "vue" || language_id == "svelte" || language_id == "astro") return "." + language_id;
  return ".js";
}

}  // namespace

Workspace::Workspace() { reload(); }
Workspace::~Workspace() = default;

void Workspace::set_root(std::string folder) { root_ = std::move(folder); }

void Workspace::set_settings(const Settings& settings) {
  settings_ = settings;
  reload();
}

void Workspace::reload() {
  const bool strict = settings_.strict;
  // The settings stand in for `check`'s flags, applied over each configuration.
  resolver_ = std::make_unique<config::ConfigResolver>("", [strict](AnalysisOptions& options) {
    options.strict = options.strict || strict;
    return std::optional<std::string>();
  });
  baselines_.clear();
}

std::shared_ptr<const cli::BaselineCounts> Workspace::baseline_at(const std::string& location) {
  const auto known = baselines_.find(location);
  if (known != baselines_.end()) return known->second;
  auto counts = std::make_shared<cli::BaselineCounts>();
  if (auto error = cli::read_baseline(location, true, *counts)) {
    log(*error);
    counts->clear();
  }
  std::shared_ptr<const cli::BaselineCounts> kept;
  if (!counts->empty()) kept = std::move(counts);
  baselines_.emplace(location, kept);
  return kept;
}

std::shared_ptr<const FileSetup> Workspace::setup(const std::string& uri, const std::string& language_id) {
  auto setup = std::make_shared<FileSetup>();
  setup->path = uri_to_path(uri);
  std::error_code ec;
  const std::string base = root_.empty() ? fs::current_path(ec).string() : root_;
  if (setup->path.empty()) {
    setup->path = (fs::path(base) / ("untitled" + extension_for(language_id))).string();
    setup->display = uri;
  } else {
    setup->display = display_path(setup->path);
  }
  config::FileConfig resolved;
  if (auto error = resolver_->resolve(setup->path, resolved)) {
    setup->error = std::move(*error);
    return setup;
  }
  setup->options = std::move(resolved.options);
  setup->ignored = resolved.ignored;
  // The baseline `check` reads: at the repository root (else the workspace's).
  setup->repo_root = config::repository_root(fs::path(setup->path).parent_path().string());
  setup->baseline = baseline_at((fs::path(setup->repo_root.empty() ? base : setup->repo_root) / cli::kBaselineFile).string());
  if (setup->baseline) setup->baseline_key = cli::baseline_key(setup->path, setup->repo_root);
  return setup;
}

}  // namespace fanout::lsp
