// `--print-config FILE`: the effective options of one file, spelled as a
// configuration file would spell them, so the output can be pasted back.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "fanout/rule.hpp"

namespace fanout::config {
namespace {

// Facts given instead of package.json and tsconfig.json (editors, tests):
// they change fixes, so they belong to the cache key.
nlohmann::ordered_json project_to_json(const ProjectFacts& project) {
  using Json = nlohmann::ordered_json;
  const auto flag = [](const std::optional<bool>& value) { return value ? Json(*value) : Json(nullptr); };
  const ProjectFacts::TypeScript& ts = project.typescript;
  return {{"package",
           {{"path", project.package.path},
            {"type", project.package.type},
            {"dependencies", project.package.dependencies},
            {"installed", project.package.installed}}},
          {"typescript",
           {{"path", ts.path},
            {"esModuleInterop", flag(ts.es_module_interop)},
            {"allowSyntheticDefaultImports", flag(ts.allow_synthetic_default_imports)},
            {"downlevelIteration", flag(ts.downlevel_iteration)},
            {"noUncheckedIndexedAccess", flag(ts.no_unchecked_indexed_access)},
            {"moduleDetectionForce", flag(ts.module_detection_force)},
            {"module", ts.module},
            {"moduleResolution", ts.module_resolution},
            {"target", ts.target}}}};
}

}  // namespace

nlohmann::ordered_json options_to_json(const AnalysisOptions& options, bool run_flags) {
  using Json = nlohmann::ordered_json;
  Json rules = Json::object();
  for (const Rule* rule : all_rules()) {
    const auto& meta = rule->meta();
    const auto it = options.severities.find(meta.id);
    Severity severity = it == options.severities.end() ? meta.severity : it->second;
    // A strict-only rule is off unless --strict turns it on.
    if (meta.strict_only && !options.strict) severity = Severity::off;
    rules[std::string(meta.id)] = severity_config_name(severity);
  }
  rules[std::string(kParseErrorId)] =
      severity_config_name(configured_severity(options, kParseErrorId, kParseErrorSeverity));
  Json fix = {{"style", name_of(kFixStyles, options.fix.style)}, {"concurrency", options.fix.concurrency}};
  if (!options.fix.custom_callee.empty()) fix["callee"] = options.fix.custom_callee;
  if (!options.fix.custom_import.empty()) fix["import"] = options.fix.custom_import;
  if (!options.fix.custom_import_name.empty()) fix["importName"] = options.fix.custom_import_name;
  Json map = Json::array();
  for (const MapHelper& helper : options.map_helpers) {
    Json entry = {{"callee", helper.callee}, {"collectionArg", helper.collection_arg}};
    if (helper.options_arg) entry["optionsArg"] = *helper.options_arg;
    entry["limitOption"] = helper.limit_option;
    entry["unlimitedByDefault"] = helper.unlimited_by_default;
    map.push_back(std::move(entry));
  }
  Json batch = Json::array();
  for (const BatchHelper& helper : options.batch_helpers) {
    batch.push_back({{"callee", helper.callee}, {"callbackArg", helper.callback_arg}});
  }
  Json out{{"rules", std::move(rules)},
           {"maxLiteralElements", options.max_literal_elements},
           {"fix", std::move(fix)},
           {"helpers", {{"map", std::move(map)}, {"batch", std::move(batch)}}},
           {"requireSuppressionReason", options.require_suppression_reason},
           {"reportUnusedDisableDirectives", severity_config_name(options.unused_suppression_severity)}};
  if (run_flags) {
    // What only the command line sets. An option added to AnalysisOptions
    // goes above (configurable) or here: the cache key is this object.
    out["run"] = {{"strict", options.strict},
                  {"prefilter", options.prefilter},
                  {"fixUnsafe", options.fix.apply_unsafe},
                  {"repoRoot", options.fix.repo_root},
                  {"project", options.fix.project ? project_to_json(*options.fix.project) : Json(nullptr)}};
  }
  return out;
}

}  // namespace fanout::config
