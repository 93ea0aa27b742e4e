// One fuzz input through analysis, every reporter and the safe fixes
// (fuzz/pipeline.cpp). Crashes, leaks and UB are the sanitizers' to find.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fanout/syntax.hpp"

namespace fanout::fuzz {

/// Runs one input; returns why the result would damage a user's file, if it
/// would. `language`, when given, overrides the grammar the first byte picks
/// (fuzz/run.sh pins one grammar per run; the regression test tries all three).
std::optional<std::string> run_pipeline(const std::uint8_t* data, std::size_t size,
                                        std::optional<Language> language = std::nullopt);

}  // namespace fanout::fuzz
