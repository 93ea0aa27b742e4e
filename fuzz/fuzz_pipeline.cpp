// libFuzzer entry point (fuzz/README.md). The sanitizers catch crashes, leaks
// and UB; a result that would damage a file aborts so libFuzzer saves it.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "fuzz/pipeline.hpp"

namespace {

// FANOUT_FUZZ_LANGUAGE=js|ts|tsx makes one run spend its time on one grammar.
std::optional<fanout::Language> pinned_language() {
  const char* value = std::getenv("FANOUT_FUZZ_LANGUAGE");
  const std::string_view name = value != nullptr ? value : "";
  if (name == "js") return fanout::Language::javascript;
  if (name == "ts") return fanout::Language::typescript;
  if (name == "tsx") return fanout::Language::tsx;
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::optional<fanout::Language> language = pinned_language();
  if (const auto problem = fanout::fuzz::run_pipeline(data, size, language)) {
    std::fprintf(stderr, "fuzz_pipeline: %s\n", problem->c_str());
    std::abort();
  }
  return 0;
}
