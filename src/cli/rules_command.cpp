// `fanout rules` and `fanout explain RULE`: both read rule metadata only.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "fanout/rule.hpp"

namespace fanout::cli {
namespace {

std::string_view fix_name(FixAvailability fix) {
  switch (fix) {
    case FixAvailability::always: return "always";
    case FixAvailability::sometimes: return "sometimes";
    case FixAvailability::none: break;
  }
  return "none";
}

}  // namespace

void print_error(const std::string& message) { fmt::print(stderr, "fanout: error: {}\n", message); }

int rules_command() {
  std::size_t width = 4;
  for (const Rule* rule : all_rules()) width = std::max(width, rule->meta().id.size());
  fmt::print("{:<{}}  {:<8}  {:<9}  {}\n", "RULE", width, "SEVERITY", "FIX", "SUMMARY");
  for (const Rule* rule : all_rules()) {
    const RuleMeta& meta = rule->meta();
    fmt::print("{:<{}}  {:<8}  {:<9}  {}{}\n", meta.id, width, severity_config_name(meta.severity), fix_name(meta.fix),
               meta.summary,
               meta.strict_only && meta.summary.find("--strict") == std::string_view::npos ? " (only with --strict)" : "");
  }
  return kExitClean;
}

int explain_command(const std::string& rule_id) {
  const Rule* rule = find_rule(rule_id);
  if (!rule) {
    print_error(fmt::format("unknown rule `{}`; known rules: {}", rule_id, config::known_rule_ids()));
    return kExitError;
  }
  const std::string_view doc = rule_doc(rule_id);
  if (doc.empty()) {
    fmt::print("{}: {}\n", rule->meta().id, rule->meta().summary);
  } else {
    fmt::print("{}{}", doc, doc.back() == '\n' ? "" : "\n");
  }
  return kExitClean;
}

}  // namespace fanout::cli
