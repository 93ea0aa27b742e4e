// Every rule, one sorted line each (style.md: a new rule is one folder, its
// `fanout_rule(<id>)` line in CMakeLists.txt, and one line here).
#include <array>
#include <span>
#include <string_view>
#include <utility>

#include "fanout/rule.hpp"

// X(accessor) for the rule that rules/<id>/<accessor>.cpp defines as
// `const Rule& fanout::rules::accessor()`.
#define FANOUT_RULES(X)    \
  X(async_foreach)         \
  X(unbounded_library_map) \
  X(unbounded_promise_all) \
  X(unknown_collection)

namespace fanout {

namespace rules {
#define FANOUT_DECLARE_RULE(accessor) const Rule& accessor();
FANOUT_RULES(FANOUT_DECLARE_RULE)
#undef FANOUT_DECLARE_RULE
}  // namespace rules

// Generated from each rule's README.md (cmake/embed_docs.cmake).
std::span<const std::pair<std::string_view, std::string_view>> embedded_rule_docs();

std::span<const Rule* const> all_rules() {
#define FANOUT_RULE_ENTRY(accessor) &rules::accessor(),
  static const std::array rules = {FANOUT_RULES(FANOUT_RULE_ENTRY)};
#undef FANOUT_RULE_ENTRY
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule* rule : all_rules()) {
    if (rule->meta().id == id) return rule;
  }
  return nullptr;
}

std::string_view rule_doc(std::string_view id) {
  for (const auto& [rule_id, doc] : embedded_rule_docs()) {
    if (rule_id == id) return doc;
  }
  return {};
}

}  // namespace fanout
