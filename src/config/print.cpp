// `--print-config FILE`: the effective options of one file, spelled as a
// configuration file would spell them, so the output can be pasted back.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "fanout/rule.hpp"

namespace fanout::config {
namespace {

std::string_view style_name(FixStyle style) {
  switch (style) {
    case FixStyle::p_map: return "p-map";
    case FixStyle::for_of: return "for-of";
    case FixStyle::custom: return "custom";
    case FixStyle::bluebird: return "bluebird";
    case FixStyle::automatic: break;
  }
  return "auto";
}

}  // namespace

nlohmann::ordered_json options_to_json(const AnalysisOptions& options) {
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
  Json fix = {{"style", style_name(options.fix.style)}, {"concurrency", options.fix.concurrency}};
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
  return Json{{"rules", std::move(rules)},
              {"maxLiteralElements", options.max_literal_elements},
              {"fix", std::move(fix)},
              {"helpers", {{"map", std::move(map)}, {"batch", std::move(batch)}}},
              {"requireSuppressionReason", options.require_suppression_reason},
              {"reportUnusedDisableDirectives", severity_config_name(options.unused_suppression_severity)}};
}

}  // namespace fanout::config
