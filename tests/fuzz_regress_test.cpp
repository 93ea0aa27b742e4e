// Replays every input the fuzzer or the hostile suite once broke through the
// fuzzer's own pipeline (fuzz/pipeline.cpp), in all three grammars, so that
// ctest (and scripts/sanitize.sh, under ASan/UBSan) keeps them fixed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/pipeline.hpp"
#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

void replay(const std::string& input, const std::string& what) {
  for (const Language language : {Language::javascript, Language::typescript, Language::tsx}) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const auto problem = fuzz::run_pipeline(data, input.size(), language);
    EXPECT_FALSE(problem) << what << " (" << language_name(language) << "): " << *problem;
  }
}

TEST(FuzzRegress, StoredInputs) {
  const fs::path folder = fs::path(FANOUT_SOURCE_DIR) / "tests" / "regress";
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    replay(testing::read_file(entry.path()), entry.path().filename().string());
    ++count;
  }
  EXPECT_GT(count, 0u);
}

// Generated rather than stored (36 KB): 3 000 sinks nested in one another made
// every level re-descend the tree from the root, for minutes; rules now skip
// code nested deeper than 2 000 levels, with a note.
TEST(FuzzRegress, NestedSinksFinishQuickly) {
  std::string input(1, '\0');
  input += "const a = ";
  for (int i = 0; i < 3000; ++i) input += "Promise.all(";
  input += "xs.map(f)";
  input += std::string(3000, ')');
  const auto start = std::chrono::steady_clock::now();
  replay(input, "nested sinks");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
}

}  // namespace
}  // namespace fanout
