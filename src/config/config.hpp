// The configuration file given with `--config FILE` (src/config/README.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fanout/options.hpp"

namespace fanout::config {

/// Reads the file at `path` and applies it over `options` (the defaults, before
/// command-line flags). Returns the one error, `FILE:LINE: KEY: what`, and then
/// leaves `options` untouched; nullopt on success.
std::optional<std::string> load_config(const std::string& path, AnalysisOptions& options);

/// The same for a text already read; `path` only names it in messages and
/// anchors `fix.import` paths (the configuration's folder is the repository root).
std::optional<std::string> apply_config(std::string_view text, const std::string& path,
                                        AnalysisOptions& options);

/// The known rule ids, comma-separated, for "unknown rule" messages.
std::string known_rule_ids();

}  // namespace fanout::config
