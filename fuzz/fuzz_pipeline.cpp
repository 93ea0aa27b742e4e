// libFuzzer entry point (fuzz/README.md). The sanitizers catch crashes, leaks
// and UB; a result that would damage a file aborts so libFuzzer saves it.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "fuzz/pipeline.hpp"

namespace {

// FANOUT_FUZZ_LANGUAGE makes one run spend its time on one grammar (js, ts,
// tsx), on components (vue, svelte, astro, or `components` for all three by
// the header byte), or on Flow files (`flow`: JavaScript with the pragma).
fanout::fuzz::Pinned pinned_from_environment() {
  using fanout::SourceKind;
  const char* value = std::getenv("FANOUT_FUZZ_LANGUAGE");
  const std::string_view name = value != nullptr ? value : "";
  if (name == "js") return {.kind = SourceKind::javascript};
  if (name == "ts") return {.kind = SourceKind::typescript};
  if (name == "tsx") return {.kind = SourceKind::tsx};
  if (name == "vue") return {.kind = SourceKind::vue};
  if (name == "svelte") return {.kind = SourceKind::svelte};
  if (name == "astro") return {.kind = SourceKind::astro};
  if (name == "components") return {.components = true};
  if (name == "flow") return {.kind = SourceKind::javascript, .flow = true};
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fanout::fuzz::Pinned pinned = pinned_from_environment();
  if (const auto problem = fanout::fuzz::run_pipeline(data, size, pinned)) {
    std::fprintf(stderr, "fuzz_pipeline: %s\n", problem->c_str());
    std::abort();
  }
  return 0;
}
