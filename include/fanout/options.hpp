// What an analysis run is told: limits, severities, declared team helpers and
// the rewrite style. Built by the CLI (and later the config loader), read by
// rules and the fixer.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/// How `--fix` rewrites (semantics.md, Rewrites). `automatic` picks per file:
/// bluebird where the file already binds it, p-map where the nearest
/// package.json declares a version the file can load, else for-of.
enum class FixStyle : std::uint8_t { automatic, bluebird, p_map, for_of, custom };

/// What the rewrites need to know about the project around a file: the
/// nearest package.json and tsconfig.json (semantics.md, When a rewrite is
/// safe: Modules, Types). Normally read from disk next to the file.
struct ProjectFacts {
  struct Package {
    std::string path;   ///< the package.json read; empty when none was found
    std::string type;   ///< its "type" ("module", "commonjs"), or empty
    /// Every dependency it declares (all dependency kinds), with the range as written.
    std::map<std::string, std::string, std::less<>> dependencies;
    /// The version installed in the nearest node_modules, for the packages a
    /// rewrite may import whose version decides how (p-map).
    std::map<std::string, std::string, std::less<>> installed;
  };
  /// Compiler options, `extends` followed; unset ones keep TypeScript's defaults.
  struct TypeScript {
    std::string path;   ///< the tsconfig.json read; empty when none was found
    std::optional<bool> es_module_interop;
    std::optional<bool> allow_synthetic_default_imports;
    std::optional<bool> downlevel_iteration;
    std::optional<bool> no_unchecked_indexed_access;
    std::optional<bool> module_detection_force;
    std::string module;             ///< lower case: "commonjs", "nodenext", ...; empty: the default
    std::string module_resolution;  ///< lower case; empty: the default
    std::string target;             ///< lower case: "es5", "es2020", ...; empty: the default
  };
  Package package;
  TypeScript typescript;
};

/// The styles by the names users type: a new style is one row here (and its
/// rewrite in src/fix/).
inline constexpr auto kFixStyles = std::to_array<NamedValue<FixStyle>>({
    {"auto", FixStyle::automatic},
    {"bluebird", FixStyle::bluebird},
    {"p-map", FixStyle::p_map},
    {"for-of", FixStyle::for_of},
    {"custom", FixStyle::custom},
});

struct FixOptions {
  FixStyle style = FixStyle::automatic;
  std::uint32_t concurrency = 8;
  std::string custom_callee;     ///< e.g. `PromiseUtils.mapSeries`
  std::string custom_import;     ///< module path; relative paths are from the repository root
  std::string custom_import_name; ///< binding to import; defaults to the callee's first segment
  std::string repo_root;         ///< to write custom import paths relative to the fixed file
  bool apply_unsafe = false;     ///< --fix-unsafe: also apply fixes that need a review
  /// Facts to use instead of reading package.json and tsconfig.json near each
  /// file (tests, editors with unsaved buffers); unset: read from disk.
  std::optional<ProjectFacts> project;
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
  /// false (`--no-inline-config`): suppression comments silence nothing.
  bool inline_config = true;
};

/// The severity `options.severities` sets for `id`, else `fallback`.
inline Severity configured_severity(const AnalysisOptions& options, std::string_view id, Severity fallback) {
  const auto it = options.severities.find(id);
  return it == options.severities.end() ? fallback : it->second;
}

}  // namespace fanout
