// The parsers behind --staged and --changed-since: git's `-U0` patches and
// its C-quoted path names (the git runs themselves are in hooks_test.cpp).
#include <gtest/gtest.h>

#include "files/changes.hpp"

namespace fanout::files {
namespace {

TEST(ChangedLines, HunksGiveTheNewSideLines) {
  const auto lines = parse_zero_context_diff(
      "diff --git a/a.js b/a.js\n"
      "index 1111111..2222222 100644\n"
      "--- a/a.js\n"
      "+++ b/a.js\n"
      "@@ -2 +2 @@ function f() {\n"
      "-old\n"
      "+new\n"
      "@@ -10,0 +11,2 @@\n"
      "+++ an added line that looks like a header\n"
      "+--- and another\n"
      "@@ -20,3 +22,0 @@\n"
      "-gone\n"
      "-gone\n"
      "-gone\n"
      "diff --git a/new.ts b/new.ts\n"
      "new file mode 100644\n"
      "--- /dev/null\n"
      "+++ b/new.ts\n"
      "@@ -0,0 +1,2 @@\n"
      "+a\n"
      "+b\n"
      "\\ No newline at end of file\n");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines.at("a.js"), (LineSet{2, 11, 12}));
  EXPECT_EQ(lines.at("new.ts"), (LineSet{1, 2}));
}

TEST(ChangedLines, QuotedAndSpacedNamesAndBinaryFiles) {
  const auto lines = parse_zero_context_diff(
      "diff --git \"a/t\\tab.js\" \"b/t\\tab.js\"\n"
      "--- \"a/t\\tab.js\"\n"
      "+++ \"b/t\\tab.js\"\n"
      "@@ -1 +1 @@\n"
      "-x\n"
      "+y\n"
      "diff --git a/with space.js b/with space.js\n"
      "--- a/with space.js\t\n"
      "+++ b/with space.js\t\n"
      "@@ -3,0 +4 @@\n"
      "+z\n"
      "diff --git a/img.js b/img.js\n"
      "Binary files a/img.js and b/img.js differ\n");
  EXPECT_EQ(lines.at("t\tab.js"), (LineSet{1}));
  EXPECT_EQ(lines.at("with space.js"), (LineSet{4}));
  EXPECT_FALSE(lines.contains("img.js"));
}

TEST(ChangedLines, UnquotesGitPaths) {
  EXPECT_EQ(unquote_git_path("plain/name.js"), "plain/name.js");
  EXPECT_EQ(unquote_git_path("\"a\\\"b\\\\c\\n.js\""), "a\"b\\c\n.js");
  EXPECT_EQ(unquote_git_path("\"caf\\303\\251.js\""), "caf\xc3\xa9.js");
}

}  // namespace
}  // namespace fanout::files
