// The promise combinators semantics.md names as sinks (Sinks, first row).
// The pre-filter, the semantic layer, the rewriter and the rules' walk anchors
// all read this one list, so adding a combinator cannot miss one of them.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace fanout {

inline constexpr std::array<std::string_view, 4> kCombinatorMethods = {"all", "allSettled", "any", "race"};

/// Is `name` one of the combinators (`Promise.NAME(...)`)?
inline bool is_combinator_method(std::string_view name) {
  return std::find(kCombinatorMethods.begin(), kCombinatorMethods.end(), name) != kCombinatorMethods.end();
}

}  // namespace fanout
