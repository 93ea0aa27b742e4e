// Configuration files: `fanout.jsonc`, `fanout.json` or package.json's
// "fanout" key (src/config/README.md), parsed, validated and applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/jsonc.hpp"
#include "fanout/options.hpp"

namespace fanout::config {

/// One configuration file, parsed and validated as a whole (overrides
/// included), so that an error shows even when no file uses the bad part.
struct ConfigDocument {
  std::string path;        ///< as named in messages
  std::string folder;      ///< absolute and normalised: the base of globs and `extends`
  std::string prefix;      ///< "fanout" in a package.json, "" otherwise
  nlohmann::json value;    ///< the configuration object
  PreparedJson prepared;   ///< for line numbers in messages
};

/// Parses and validates `text`; with `package_json`, the configuration is its
/// "fanout" key (then `found` says whether there is one). Errors read
/// `FILE:LINE: KEY: what`.
std::optional<std::string> parse_document(std::string_view text, const std::string& path, bool package_json,
                                          ConfigDocument& out, bool* found = nullptr);

/// Configuration files (package.json included) above this size are refused:
/// real ones are a few KB, the largest package.json files a few hundred.
inline constexpr std::size_t kMaxConfigBytes = 4u << 20;

/// Reads a file and parses it as above. It must be a regular file of at most
/// kMaxConfigBytes; a symbolic link is followed only to a file under `within`
/// (the repository), or anywhere when `within` is empty (a path the user named).
std::optional<std::string> read_document(const std::string& path, bool package_json, ConfigDocument& out,
                                         bool* found = nullptr, const std::string& within = {});

/// Applies the option keys (rules, maxLiteralElements, fix, helpers,
/// requireSuppressionReason) of `object`, found at `key` in `document`.
/// Validated documents do not fail here.
std::optional<std::string> apply_options(const ConfigDocument& document, const nlohmann::json& object,
                                         const std::string& key, AnalysisOptions& options);

/// Reads the file at `path` and applies its own options over `options` (no
/// `extends`, no `overrides`: discovery.hpp does those). Returns the one
/// error, `FILE:LINE: KEY: what`, and then leaves `options` untouched.
std::optional<std::string> load_config(const std::string& path, AnalysisOptions& options);

/// The same for a text already read; `path` only names it in messages and
/// anchors `fix.import` paths (the configuration's folder is the repository root).
std::optional<std::string> apply_config(std::string_view text, const std::string& path,
                                        AnalysisOptions& options);

/// The ids `rules` and `--rule` accept (the rules, and `parse-error`),
/// comma-separated, for "unknown rule" messages.
std::string known_rule_ids();
bool configurable_id(std::string_view id);

/// The effective options as a configuration object (`--print-config`); with
/// `run_flags`, also what only the command line sets (the cache key).
nlohmann::ordered_json options_to_json(const AnalysisOptions& options, bool run_flags = false);

}  // namespace fanout::config
