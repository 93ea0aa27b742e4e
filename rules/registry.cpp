// Every rule, one sorted line each (style.md: a new rule is one folder and one line).
#include <array>
#include <utility>

#include "rules/rules.hpp"

namespace fanout {

extern const std::array<std::pair<std::string_view, std::string_view>, 4> kRuleDocs;

std::span<const Rule* const> all_rules() {
  static const std::array<const Rule*, 4> rules = {
      &rules::async_foreach(),
      &rules::unbounded_library_map(),
      &rules::unbounded_promise_all(),
      &rules::unknown_collection(),
  };
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule* rule : all_rules()) {
    if (rule->meta().id == id) return rule;
  }
  return nullptr;
}

std::string_view rule_doc(std::string_view id) {
  for (const auto& [rule_id, doc] : kRuleDocs) {
    if (rule_id == id) return doc;
  }
  return {};
}

}  // namespace fanout
