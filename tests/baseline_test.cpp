// The baseline: --suppress-all, a new finding reported alone, a fixed one
// leaving a stale note, --prune-suppressions, and the file's stable shape.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/baseline.hpp"
#include "temp_tree.hpp"

namespace fanout::cli {
namespace {

using fanout::testing::contains;
using fanout::testing::TempTree;

constexpr const char* kLine = "  await Promise.all(items.map(async (x) => work(x)));\n";

std::string source(int calls, int foreach_calls = 0) {
  std::string text = "export async function run(items) {\n";
  for (int i = 0; i < calls; ++i) text += kLine;
  for (int i = 0; i < foreach_calls; ++i) text += "  items.forEach(async (x) => work(x));\n";
  return text + "}\n";
}

TEST(Baseline, RoundTrip) {
  TempTree tree;
  tree.write("src/jobs/a.js", source(2, 1));
  tree.write("src/b.ts", source(1));
  tree.write("src/clean.js", "export const x = 1;\n");

  // Run from a sub-folder: the file still lands at the repository root.
  const auto recorded = tree.fanout("check --suppress-all", "src");
  EXPECT_EQ(recorded.status, 0) << recorded.out << recorded.err;
  EXPECT_PRED2(contains, recorded.err, "recorded 4 findings");
  const std::string written = tree.read("fanout-suppressions.json");
  EXPECT_EQ(written,
            "{\n"
            "  \"src/b.ts\": {\n"
            "    \"unbounded-promise-all\": {\n"
            "      \"count\": 1\n"
            "    }\n"
            "  },\n"
            "  \"src/jobs/a.js\": {\n"
            "    \"async-foreach\": {\n"
            "      \"count\": 1\n"
            "    },\n"
            "    \"unbounded-promise-all\": {\n"
            "      \"count\": 2\n"
            "    }\n"
            "  }\n"
            "}\n");

  const auto quiet = tree.fanout("check --format compact");
  EXPECT_EQ(quiet.status, 0) << quiet.out;
  EXPECT_EQ(quiet.err, "");

  // One more finding in a.js: only the one beyond the count is reported.
  tree.write("src/jobs/a.js", source(3, 1));
  const auto added = tree.fanout("check --format compact");
  EXPECT_EQ(added.status, 1);
  EXPECT_PRED2(contains, added.out, "src/jobs/a.js:4:9: error:");
  EXPECT_EQ(std::count(added.out.begin(), added.out.end(), '\n'), 1) << added.out;

  // Fixing two leaves stale entries: a note, and the status follows what remains.
  tree.write("src/jobs/a.js", source(1, 1));
  const auto fixed = tree.fanout("check --format compact");
  EXPECT_EQ(fixed.status, 0) << fixed.out;
  EXPECT_PRED2(contains, fixed.err, "1 suppression in");
  EXPECT_PRED2(contains, fixed.err, "--prune-suppressions");

  std::filesystem::remove(tree / "src/b.ts");
  const auto pruned = tree.fanout("check --prune-suppressions");
  EXPECT_EQ(pruned.status, 0) << pruned.err;
  EXPECT_PRED2(contains, pruned.err, "pruned 2 suppressions");
  const auto after = nlohmann::json::parse(tree.read("fanout-suppressions.json"));
  EXPECT_EQ(after, nlohmann::json::parse(R"({ "src/jobs/a.js": { "async-foreach": { "count": 1 },
                                                                "unbounded-promise-all": { "count": 1 } } })"));
  EXPECT_EQ(tree.fanout("check").err, "");
}

TEST(Baseline, ChecksOfOnePathKeepTheOtherEntries) {
  TempTree tree;
  tree.write("a/x.js", source(1));
  tree.write("b/y.js", source(1));
  ASSERT_EQ(tree.fanout("check --suppress-all").status, 0);
  tree.write("a/x.js", source(2));
  ASSERT_EQ(tree.fanout("check --suppress-all a").status, 0);
  const auto counts = nlohmann::json::parse(tree.read("fanout-suppressions.json"));
  EXPECT_EQ(counts["a/x.js"]["unbounded-promise-all"]["count"], 2);
  EXPECT_EQ(counts["b/y.js"]["unbounded-promise-all"]["count"], 1);
  // b is not checked, and still exists: its entry is not stale.
  EXPECT_EQ(tree.fanout("check a").err, "");
}

TEST(Baseline, ExplicitLocation) {
  TempTree tree;
  tree.write("x.js", source(1));
  ASSERT_EQ(tree.fanout("check --suppress-all --suppressions-location ci/baseline.json").status, 2)
      << "the folder does not exist";
  std::filesystem::create_directories(tree / "ci");
  ASSERT_EQ(tree.fanout("check --suppress-all --suppressions-location ci/baseline.json").status, 0);
  EXPECT_FALSE(std::filesystem::exists(tree / "fanout-suppressions.json"));
  EXPECT_EQ(tree.fanout("check --suppressions-location ci/baseline.json").status, 0);
  EXPECT_EQ(tree.fanout("check").status, 1);
  EXPECT_EQ(tree.fanout("check --suppressions-location missing.json").status, 2);
  tree.write("fanout-suppressions.json", "{ \"x.js\": 3 }");
  const auto bad = tree.fanout("check");
  EXPECT_EQ(bad.status, 2);
  EXPECT_PRED2(contains, bad.err, "expected an object of rules");
}

// The README's commands, run as written (a `git add` aside: the tree is no
// real repository).
TEST(Baseline, ReadmeCommandsWork) {
  const auto blocks = fanout::testing::readme_blocks("Baseline", "sh");
  ASSERT_EQ(blocks.size(), 1U);
  TempTree tree;
  tree.write("src/a.js", source(2));
  std::istringstream lines(blocks[0]);
  std::size_t ran = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("fanout ")) continue;
    const std::string command = line.substr(7, line.find('#') == std::string::npos ? std::string::npos : line.find('#') - 7);
    const auto run = tree.fanout(command);
    EXPECT_EQ(run.status, 0) << line << "\n" << run.out << run.err;
    EXPECT_TRUE(std::filesystem::exists(tree / "fanout-suppressions.json")) << line;
    ++ran;
  }
  EXPECT_EQ(ran, 3U);
  tree.write("src/a.js", source(3));
  EXPECT_EQ(tree.fanout("check").status, 1);
}

TEST(Baseline, KeysAreRepositoryRelativeWithSlashes) {
  EXPECT_EQ(baseline_key("/repo/src/a.js", "/repo"), "src/a.js");
  EXPECT_EQ(baseline_key("/elsewhere/a.js", "/repo"), "/elsewhere/a.js");
}

}  // namespace
}  // namespace fanout::cli
