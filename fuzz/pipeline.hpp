// One fuzz input through analysis, every reporter and the safe fixes
// (fuzz/pipeline.cpp). Crashes, leaks and UB are the sanitizers' to find.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fanout/sources.hpp"

namespace fanout::fuzz {

/// What a run pins instead of letting the header byte pick (fuzz/run.sh
/// spends one run on one grammar; the regression test tries every kind).
struct Pinned {
  std::optional<SourceKind> kind;  ///< this kind, whatever the header byte says
  bool components = false;         ///< a component kind (Vue, Svelte, Astro) by the header byte
  bool flow = false;               ///< every input is a Flow file (the pragma is added if missing)
};

/// Runs one input; returns why the result would damage a user's file, if it
/// would.
std::optional<std::string> run_pipeline(const std::uint8_t* data, std::size_t size, Pinned pinned = {});

}  // namespace fanout::fuzz
