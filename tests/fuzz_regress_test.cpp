// Replays every input the fuzzer or the hostile suite once broke through the
// fuzzer's own pipeline (fuzz/pipeline.cpp), as every source kind and as a
// Flow file, so that ctest (and scripts/sanitize.sh, under ASan/UBSan) keeps
// them fixed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/git_input.hpp"
#include "fuzz/pipeline.hpp"
#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

void replay(const std::string& input, const std::string& what) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
  for (const SourceKind kind : {SourceKind::javascript, SourceKind::typescript, SourceKind::tsx, SourceKind::vue,
                                 SourceKind::svelte, SourceKind::astro}) {
    const auto problem = fuzz::run_pipeline(data, input.size(), {.kind = kind});
    EXPECT_FALSE(problem) << what << " (kind " << static_cast<int>(kind) << "): " << *problem;
  }
  const auto problem = fuzz::run_pipeline(data, input.size(), {.kind = SourceKind::javascript, .flow = true});
  EXPECT_FALSE(problem) << what << " (Flow): " << *problem;
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

// What fuzz_git found in --staged's own reading of a repository
// (tests/regress-git/, one README line per input).
TEST(FuzzRegress, StoredGitInputs) {
  const fs::path folder = fs::path(FANOUT_SOURCE_DIR) / "tests" / "regress-git";
  const fs::path root = fuzz::make_git_root();
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    SCOPED_TRACE(entry.path().filename().string());
    fuzz::read_git_input(testing::read_file(entry.path()), root);
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
