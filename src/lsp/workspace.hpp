// What applies to each document, resolved as `fanout check` resolves it for a
// file at the same path: the nearest configuration (overrides, ignore
// patterns), the settings standing in for flags, and the baseline file.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "cli/baseline.hpp"
#include "config/discovery.hpp"
#include "fanout/options.hpp"
#include "lsp/settings.hpp"

namespace fanout::lsp {

/// One document's setup, shared with the workers that analyse it.
struct FileSetup {
  std::string path;     ///< the file's path (for an unsaved buffer, a made-up one in the workspace)
  std::string display;  ///< as `check` would show it
  std::shared_ptr<const AnalysisOptions> options;
  bool ignored = false;  ///< `ignorePatterns` skips it: no findings
  std::string error;     ///< a configuration error, reported instead of findings
  std::shared_ptr<const cli::BaselineCounts> baseline;  ///< null: no baseline file
  std::string baseline_key;
  std::string repo_root;
};

/// Not thread-safe: the server's thread resolves, workers read the results.
class Workspace {
 public:
  Workspace();
  ~Workspace();

  void set_root(std::string folder);
  const std::string& root() const { return root_; }
  void set_settings(const Settings& settings);
  const Settings& settings() const { return settings_; }
  /// Forgets every configuration and baseline read so far (they changed on disk).
  void reload();

  std::shared_ptr<const FileSetup> setup(const std::string& uri, const std::string& language_id);

 private:
  std::shared_ptr<const cli::BaselineCounts> baseline_at(const std::string& location);

  std::string root_;
  Settings settings_;
  std::unique_ptr<config::ConfigResolver> resolver_;
  std::map<std::string, std::shared_ptr<const cli::BaselineCounts>> baselines_;
};

}  // namespace fanout::lsp
