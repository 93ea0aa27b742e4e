// Which configuration applies to each checked file: the nearest
// `fanout.jsonc`, `fanout.json` or package.json "fanout" key walking up from
// the file's folder, its `extends` chain, the `overrides` matching the file,
// and the `ignorePatterns` that skip it (README.md, Configuration).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/glob.hpp"
#include "fanout/options.hpp"

namespace fanout::config {

/// The configuration of one file.
struct FileConfig {
  std::shared_ptr<const AnalysisOptions> options;  ///< shared by every file with the same effective config
  bool ignored = false;                            ///< an `ignorePatterns` entry skips the file
  std::string source;                              ///< the configuration file used; "" for the defaults
  /// Every file the options came from, in the order they apply (`extends`
  /// bases first, `source` last); empty for the defaults.
  std::vector<std::string> sources;
  /// The output format the chain's top-level `"format"` names, if any.
  std::optional<std::string> format;
};

/// How many files an `extends` chain may pass through (real chains: two or three).
inline constexpr std::size_t kMaxExtendsDepth = 64;

class ConfigResolver {
 public:
  /// Applied over every effective configuration: the command-line flags. May fail.
  using Finish = std::function<std::optional<std::string>(AnalysisOptions&)>;

  /// With `explicit_config` (`--config FILE`), that file applies to every file
  /// and nothing is looked up.
  ConfigResolver(std::string explicit_config, Finish finish);
  ~ConfigResolver();
  ConfigResolver(const ConfigResolver&) = delete;
  ConfigResolver& operator=(const ConfigResolver&) = delete;

  /// Folders `extends` may reach besides the repository (--allow-extends).
  void allow_extends_from(std::vector<std::string> folders) { allowed_extends_ = std::move(folders); }

  /// The configuration of the file at `path` (as given or found). Errors read
  /// `FILE:LINE: KEY: what`. Not thread-safe: resolve before analysing.
  std::optional<std::string> resolve(const std::string& path, FileConfig& out);

  /// `--no-config-lookup`: without `--config`, every file gets the defaults.
  void disable_lookup() { lookup_ = false; }
  /// `--no-ignore`: neither `ignorePatterns` nor the patterns added below skip a file.
  void disable_ignores() { use_ignores_ = false; }
  /// `--ignore-pattern` and `--ignore-path`: patterns applied after the
  /// configuration's (so a `!` here can bring a file back).
  void add_ignores(std::vector<IgnorePattern> patterns);

 private:
  struct Loaded;
  struct Folder;
  /// Loads one configuration and its `extends`; `within` is the folder a
  /// link may lead into ("" for a file the user named).
  std::optional<std::string> load(const std::string& path, bool package_json, const std::string& within,
                                  std::vector<std::string>& stack, const Loaded*& out);
  /// The folder an `extends` target may be read from: the extending file's
  /// repository or an --allow-extends folder holding it; "" when neither does.
  std::string extends_boundary(const std::string& target, const std::string& repository) const;
  std::optional<std::string> folder(const std::string& absolute, const Folder*& out);
  std::optional<std::string> config_in(const std::string& folder, const Loaded*& out);
  /// normal_absolute() with the working directory read once: fs::absolute
  /// asks the kernel for it on every call, once per checked file.
  std::string absolute_path(const std::string& path) const;

  std::string cwd_;
  std::string explicit_;
  bool lookup_ = true;
  bool use_ignores_ = true;
  std::vector<IgnorePattern> extra_ignores_;
  std::vector<std::string> allowed_extends_;
  Finish finish_;
  std::map<std::string, std::unique_ptr<Loaded>> loaded_;
  std::map<std::string, std::string> failed_;  ///< file -> its error, reported once per file
  std::unordered_map<std::string, std::unique_ptr<Folder>> folders_;
  std::map<std::string, std::shared_ptr<const AnalysisOptions>> effective_;
};

/// Finds the repository root of `folder`: the nearest folder with a `.git`
/// entry, or "" when there is none.
std::string repository_root(const std::string& folder);

/// The folder a file fanout finds for itself (a configuration, the baseline)
/// may link into: its repository, else the working directory when the file
/// is under it, else the file's own folder.
std::string link_boundary(const std::string& file);

}  // namespace fanout::config
