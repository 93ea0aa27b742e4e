// Components and Flow through the built binary (semantics.md, "What fanout
// reads"): positions in every output format, suppressions inside blocks,
// --changed-since, the baseline, the cache and --fix, each on a real run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "temp_tree.hpp"

namespace fanout {
namespace {

using testing::contains;
using testing::TempTree;

// Non-ASCII markup before the block, and a two-unit emoji before the sink
// on its line: line 6, UTF-16 column 23 (`P` of `Promise`), byte column 25.
constexpr const char* kComponent =
    "<template>\n"
    "  <p>Größe: {{ ids.length }} 😀</p>\n"
    "</template>\n"
    "<script setup>\n"
    "import { archive } from './api';\n"
    "const s = '😀'; await Promise.all(ids.map((id) => archive(id)));\n"
    "</script>\n"
    "<style>p { color: red; }</style>\n";

TEST(DialectsCli, EveryFormatPointsIntoTheComponent) {
  TempTree tree;
  tree.write("src/App.vue", kComponent);
  const auto compact = tree.fanout("check --format compact");
  EXPECT_EQ(compact.status, 1) << compact.out << compact.err;
  EXPECT_PRED2(contains, compact.out, "src/App.vue:6:23: error:");

  const auto text = tree.fanout("check --format text --no-color");
  EXPECT_PRED2(contains, text.out, "src/App.vue:6:");
  EXPECT_PRED2(contains, text.out, "const s = '😀'; await Promise.all(");

  const auto stylish = tree.fanout("check --format stylish --no-color");
  EXPECT_PRED2(contains, stylish.out, "6:23");

  const auto github = tree.fanout("check --format github");
  EXPECT_PRED2(contains, github.out, "file=src/App.vue,line=6,col=23");

  const auto json = nlohmann::json::parse(tree.fanout("check --format json").out);
  ASSERT_EQ(json.size(), 1U);
  EXPECT_EQ(json[0]["messages"][0]["line"], 6);
  EXPECT_EQ(json[0]["messages"][0]["column"], 23);

  const auto sarif = nlohmann::json::parse(tree.fanout("check --format sarif").out);
  const auto& region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], 6);
  EXPECT_EQ(region["startColumn"], 23);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/App.vue");
}

TEST(DialectsCli, FolderWalksPickUpComponentsAndFlow) {
  TempTree tree;
  tree.write("a/Grid.svelte", "<script>\n  export const all = (xs) => Promise.all(xs.map((x) => load(x)));\n</script>\n");
  tree.write("a/page.astro", "---\nconst r = await Promise.all(ids.map((id) => load(id)));\n---\n<p>{r.length}</p>\n");
  tree.write("a/flow.js", "// @flow\nexport async function f(xs: Array<?string>): Promise<void> {\n"
                          "  await Promise.all(xs.map((x: ?string) => load(x)));\n}\n");
  tree.write("a/notes.md", "await Promise.all(xs.map((x) => load(x)));\n");
  const auto run = tree.fanout("check --format compact");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_PRED2(contains, run.out, "a/Grid.svelte:2:30: error:");
  EXPECT_PRED2(contains, run.out, "a/page.astro:2:17: error:");
  EXPECT_PRED2(contains, run.out, "a/flow.js:3:9: error:");
  EXPECT_FALSE(contains(run.out, "notes.md")) << run.out;
  EXPECT_FALSE(contains(run.out, "parse-error")) << run.out;
}

TEST(DialectsCli, SuppressionCommentsInsideBlocks) {
  TempTree tree;
  tree.write("App.vue",
             "<template><p>x</p></template>\n"
             "<script setup>\n"
             "// fanout-disable-next-line unbounded-promise-all -- ids holds at most three rows\n"
             "await Promise.all(ids.map((id) => archive(id)));\n"
             "await Promise.all(ids.map((id) => archive(id))); // fanout-disable-line async-foreach -- wrong rule\n"
             "</script>\n");
  const auto run = tree.fanout("check --format compact --report-unused-disable-directives-severity warn");
  EXPECT_EQ(run.status, 1) << run.out;
  EXPECT_FALSE(contains(run.out, "App.vue:4:")) << run.out;
  EXPECT_PRED2(contains, run.out, "App.vue:5:7: error:");
  EXPECT_PRED2(contains, run.out, "[unused-suppression]");
}

TEST(DialectsCli, BaselineAndCacheCountComponentFindings) {
  TempTree tree;
  tree.write("App.vue", kComponent);
  ASSERT_EQ(tree.fanout("check --suppress-all").status, 0);
  EXPECT_PRED2(contains, tree.read("fanout-suppressions.json"), "\"App.vue\"");
  EXPECT_EQ(tree.fanout("check").status, 0);

  // A second fan-out in the block is new: only it is reported.
  std::string more = kComponent;
  more.insert(more.find("</script>"), "await Promise.all(ids.map((id) => archive(id)));\n");
  tree.write("App.vue", more);
  const auto run = tree.fanout("check --format compact");
  EXPECT_EQ(run.status, 1) << run.out;
  EXPECT_PRED2(contains, run.out, "App.vue:7:7: error:");
  EXPECT_FALSE(contains(run.out, "App.vue:6:")) << run.out;

  // The cache gives the same answer for the unchanged file, and sees an edit.
  std::filesystem::remove(tree / "fanout-suppressions.json");
  const auto first = tree.fanout("check --format compact --cache");
  const auto cached = tree.fanout("check --format compact --cache");
  EXPECT_EQ(first.out, cached.out);
  EXPECT_PRED2(contains, cached.out, "App.vue:6:23: error:");
  tree.write("App.vue", kComponent);
  const auto edited = tree.fanout("check --format compact --cache");
  EXPECT_FALSE(contains(edited.out, "App.vue:7:")) << edited.out;
  EXPECT_PRED2(contains, edited.out, "App.vue:6:23: error:");
}

TEST(DialectsCli, ChangedSinceAndStagedSeeComponentLines) {
  TempTree tree;
  tree.write("App.vue", kComponent);
  const auto git = [&](const std::string& command) {
    return std::system(fmt::format("cd '{}' && {} >/dev/null 2>&1", tree.path().string(), command).c_str());
  };
  ASSERT_EQ(git("git init -q -b main . && git -c user.email=t@t -c user.name=t commit -q --allow-empty -m root && "
                "git add App.vue && git -c user.email=t@t -c user.name=t commit -q -m base"),
            0);
  // A markup-only change: no changed line holds a finding.
  std::string markup = kComponent;
  markup.replace(markup.find("<p>"), 3, "<p class=\"big\">");
  tree.write("App.vue", markup);
  EXPECT_EQ(tree.fanout("check --changed-since HEAD --format compact").status, 0);

  // A new fan-out in the block is on a changed line.
  std::string more = markup;
  more.insert(more.find("</script>"), "await Promise.all(ids.map((id) => archive(id)));\n");
  tree.write("App.vue", more);
  const auto since = tree.fanout("check --changed-since HEAD --format compact");
  EXPECT_EQ(since.status, 1) << since.out << since.err;
  EXPECT_PRED2(contains, since.out, "App.vue:7:7: error:");
  EXPECT_FALSE(contains(since.out, "App.vue:6:")) << since.out;

  ASSERT_EQ(git("git add App.vue"), 0);
  const auto staged = tree.fanout("check --staged --format compact");
  EXPECT_EQ(staged.status, 1) << staged.out << staged.err;
  EXPECT_PRED2(contains, staged.out, "App.vue:6:23: error:");
}

TEST(DialectsCli, FixEditsOnlyTheBlock) {
  TempTree tree;
  const std::string before_block = "<template>\n  <p>Größe 😀</p>\n</template>\n\n<script setup lang=\"ts\">\n";
  const std::string after_block = "</script>\n\n<style scoped>\np { color: red; }\n</style>\n";
  const std::string block =
      "import { archive } from './api';\n"
      "async function all(ids: string[]): Promise<void> {\n"
      "  await Promise.all(ids.map((id) => archive(id)));\n"
      "}\n";
  tree.write("App.vue", before_block + block + after_block);
  const auto fixed = tree.fanout("check --fix --fix-style p-map");
  EXPECT_EQ(fixed.status, 0) << fixed.out << fixed.err;
  const std::string text = tree.read("App.vue");
  EXPECT_TRUE(text.starts_with(before_block)) << text;
  EXPECT_TRUE(text.ends_with(after_block)) << text;
  EXPECT_EQ(text.substr(before_block.size(), text.size() - before_block.size() - after_block.size()),
            "import { archive } from './api';\n"
            "import pMap from 'p-map';\n"
            "async function all(ids: string[]): Promise<void> {\n"
            "  await pMap(ids, (id) => archive(id), { concurrency: 8 });\n"
            "}\n");
  EXPECT_EQ(tree.fanout("check --fix --fix-style p-map").status, 0);
  EXPECT_EQ(tree.read("App.vue"), text) << "a second --fix changed the file";
}

}  // namespace
}  // namespace fanout
