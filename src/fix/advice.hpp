// Suggestions for findings `--fix` does not rewrite: why, and what to write
// instead, fitting the combinator (semantics.md: "When a fix cannot be
// applied, the suggestion fits its sink").
#pragma once

#include <string>
#include <string_view>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"

namespace fanout::fixer {

struct Modules;

struct Advice {
  std::string sink;    ///< `Promise.allSettled`
  std::string method;  ///< `allSettled`; empty when the call was not taken apart
  const FixOptions& options;
  const Modules& modules;
};

/// A display-only fix whose title says why and what to write by hand.
Fix suggestion(const Advice& advice, std::string_view reason);

}  // namespace fanout::fixer
