// What an analysis run is told: limits, severities, declared team helpers and
// the rewrite style. Built by the CLI (and later the config loader), read by
// rules and the fixer.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/names.hpp"

namespace fanout {

/// A team's own `map(collection, mapper, { concurrency })` helper.
struct MapHelper {
  std::string callee;            ///< as written at call sites: `PromiseUtils.map`, `mapAll`
  std::uint32_t collection_arg = 0;
  std::optional<std::uint32_t> options_arg;  ///< index of the options object, if any
  std::string limit_option = "concurrency";
  bool unlimited_by_default = true;
};

/// A team's batching helper whose callback receives bounded chunks.
struct BatchHelper {
  std::string callee;            ///< `inBatches`, `utils.forEachChunk`
  std::uint32_t callback_arg = 1;
};

/// How a fixable finding is rewritten (semantics.md: Rewrites).
enum class FixStyle : std::uint8_t { bluebird, p_map, for_of, custom };

/// The styles by the names users type: a new style is one row here (and its
/// rewrite in src/fix/).
inline constexpr auto kFixStyles = std::to_array<NamedValue<FixStyle>>({
    {"bluebird", FixStyle::bluebird},
    {"p-map", FixStyle::p_map},
    {"for-of", FixStyle::for_of},
    {"custom", FixStyle::custom},
});

struct FixOptions {
  FixStyle style = FixStyle::bluebird;
  std::uint32_t concurrency = 8;
  std::string custom_callee;     ///< e.g. `PromiseUtils.mapSeries`
  std::string custom_import;     ///< module path; relative paths are from the repository root
  std::string custom_import_name; ///< binding to import; defaults to the callee's first segment
  std::string repo_root;         ///< to write custom import paths relative to the fixed file
  bool apply_unsafe = false;     ///< --fix-unsafe: also apply fixes that need a review
};

struct AnalysisOptions {
  std::uint32_t max_literal_elements = 16;
  bool strict = false;
  /// Per rule id; a rule not listed keeps its default severity.
  std::map<std::string, Severity, std::less<>> severities;
  std::vector<MapHelper> map_helpers;
  std::vector<BatchHelper> batch_helpers;
  FixOptions fix;
  /// Skip files that cannot contain a finding without parsing them.
  bool prefilter = true;
  /// A suppression comment without `-- reason` is itself a finding.
  bool require_suppression_reason = false;
  /// How suppression comments that suppress nothing are reported (`off`: not at all).
  Severity unused_suppression_severity = Severity::off;
};

}  // namespace fanout
