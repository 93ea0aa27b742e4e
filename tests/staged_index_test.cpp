// staged_without_git: what the index stages against HEAD, read without git,
// must be exactly what `git diff --cached --diff-filter=ACMR` names (each
// test builds a repository and compares the two), or nullopt wherever git
// could read the repository differently.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "files/git_index.hpp"
#include "files/staged_index.hpp"
#include "git_support.hpp"
#include "run_support.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;
using testing::git_in;
using testing::git_line;

class StagedIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    git_in(dir_.path(), "init -q -b main .");
    ASSERT_TRUE(fs::is_directory(dir_.path() / ".git"));
  }
  void TearDown() override { unsetenv("GIT_INDEX_FILE"); }

  void write(const std::string& name, const std::string& text) { dir_.write(name, text); }
  void git(const std::string& args) { git_in(dir_.path(), args); }
  void commit(const std::string& message) {
    git("add -A");
    const std::string before = git_line(dir_.path(), "rev-parse -q --verify HEAD");
    git("commit -q -m " + message);
    ASSERT_NE(git_line(dir_.path(), "rev-parse -q --verify HEAD"), before) << "commit " << message;
  }

  // A base commit: folders, an executable, a link.
  void commit_base() {
    write("README.md", "# demo\n");
    write("src/app.js", "export const app = 1;\n");
    write("src/lib/util.js", "export const util = 2;\n");
    write("src/lib/deep/er/most.ts", "export const most = 3;\n");
    write("src/lib-extra.js", "export const extra = 4;\n");  // sorts between "src/lib" and "src/lib/"
    write("tools/run.js", "#!/usr/bin/env node\n");
    fs::permissions(dir_.path() / "tools/run.js", fs::perms::owner_exec, fs::perm_options::add);
    fs::create_symlink("app.js", dir_.path() / "src/link.js");
    write("gone/away.js", "export const away = 5;\n");
    commit("base");
  }

  // Every kind of staged change git lists (and some it does not).
  void stage_changes() {
    write("src/app.js", "export const app = 10;\n");                             // M
    write("src/lib/new/fresh.js", "export const fresh = 6;\n");                  // A in a new folder
    fs::remove_all(dir_.path() / "gone");                                          // D: not listed
    git("mv src/lib/util.js src/lib/renamed.js");                                 // R
    fs::permissions(dir_.path() / "src/lib-extra.js", fs::perms::owner_exec, fs::perm_options::add);  // M (mode)
    fs::remove(dir_.path() / "src/link.js");
    write("src/link.js", "export const nolonger = 'a link';\n");                  // T: not listed
    fs::remove(dir_.path() / "README.md");
    write("README.md/inside.js", "export const file_became_folder = 7;\n");       // D + A
    git("add -A");
  }

  // git's answer: "path mode id" for each name `git diff --cached` lists,
  // with the mode and id git's index gives it.
  std::set<std::string> by_git() const {
    std::set<std::string> entries;
    const std::string names = git_in(dir_.path(), "diff --cached --name-only -z --diff-filter=ACMR");
    const std::string stage = git_in(dir_.path(), "ls-files --stage -z");
    for (std::size_t at = 0; at < names.size();) {
      const std::size_t end = names.find('\0', at);
      const std::string name = names.substr(at, end - at);
      at = end + 1;
      // "<mode> <id> <stage>\t<path>\0"
      const std::size_t row = stage.find("\t" + name + '\0');
      EXPECT_NE(row, std::string::npos) << name;
      const std::size_t begin = stage.rfind('\0', row);
      const std::string line = stage.substr(begin == std::string::npos ? 0 : begin + 1, row - (begin == std::string::npos ? 0 : begin + 1));
      entries.insert(name + " " + line.substr(0, 6) + " " + line.substr(7, 40));
    }
    return entries;
  }

  std::optional<std::set<std::string>> by_fanout() const {
    ObjectStore objects((dir_.path() / ".git").string());
    const auto staged = staged_without_git((dir_.path() / ".git").string(), dir_.path().string(), objects);
    if (!staged) return std::nullopt;
    std::set<std::string> entries;
    for (const StagedEntry& entry : *staged) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%06o", entry.mode);
      entries.insert(entry.path + " " + mode + " " + entry.blob);
    }
    return entries;
  }

  void expect_as_git(std::size_t at_least) {
    const auto ours = by_fanout();
    ASSERT_TRUE(ours) << "read without git";
    const auto theirs = by_git();
    EXPECT_EQ(*ours, theirs);
    EXPECT_GE(theirs.size(), at_least);
  }

  testing::TempDir dir_{"fanout-staged"};
};

TEST_F(StagedIndex, TheFirstCommitStagesEveryFile) {
  write("a.js", "1;\n");
  write("lib/b.ts", "2;\n");
  git("add -A");
  expect_as_git(2);
  // And an empty index stages nothing.
  git("rm -q --cached -r .");
  expect_as_git(0);
}

TEST_F(StagedIndex, EveryKindOfChangeAfterACommit) {
  commit_base();
  expect_as_git(0);  // nothing staged: the cache tree alone answers
  stage_changes();
  expect_as_git(5);
}

TEST_F(StagedIndex, HeadInPacksWithDeltasAndPackedRefs) {
  commit_base();
  for (int i = 0; i < 12; ++i) {
    write("src/lib/deep/er/most.ts", "export const most = " + std::to_string(i) + ";\n" + std::string(200, 'x'));
    commit("round" + std::to_string(i));
  }
  git("repack -a -d -f -q --depth=50 --window=50");
  git("prune-packed");
  git("pack-refs --all");
  ASSERT_FALSE(fs::exists(dir_.path() / ".git/refs/heads/main"));
  stage_changes();
  expect_as_git(5);
}

TEST_F(StagedIndex, IndexVersionFourAndAPathLongerThanItsLengthField) {
  commit_base();
  stage_changes();
  const std::string blob = git_line(dir_.path(), "hash-object -w src/app.js");
  std::string long_path;
  while (long_path.size() < 5000) long_path += "folder-with-a-long-name/";
  git("update-index --add --cacheinfo 100644," + blob + "," + long_path + "file.js");
  expect_as_git(6);
  git("update-index --index-version 4");
  expect_as_git(6);
}

TEST_F(StagedIndex, ACacheTreeThatDiffersFromHead) {
  commit_base();
  write("src/app.js", "export const app = 'second';\n");
  commit("second");
  // The index keeps the second commit's cache tree, HEAD moves back.
  git("reset -q --soft HEAD~1");
  expect_as_git(1);
}

TEST_F(StagedIndex, DetachedHeadAndASymbolicRefChain) {
  commit_base();
  git("checkout -q --detach");
  stage_changes();
  expect_as_git(5);
  git("checkout -q -f main");
  git("symbolic-ref refs/heads/alias refs/heads/main");
  git("symbolic-ref HEAD refs/heads/alias");
  stage_changes();
  expect_as_git(5);
}

TEST_F(StagedIndex, AMergeConflictListsOnlyTheResolvedFiles) {
  commit_base();
  git("checkout -q -b other");
  write("src/app.js", "export const app = 'other';\n");
  write("src/other.js", "export const other = 1;\n");
  commit("other");
  git("checkout -q main");
  write("src/app.js", "export const app = 'main';\n");
  commit("main2");
  git("merge -q other");  // conflicts on src/app.js; src/other.js is staged
  ASSERT_NE(git_in(dir_.path(), "ls-files -u"), "");
  expect_as_git(1);
}

TEST_F(StagedIndex, AnAbsoluteTemporaryIndexIsRead) {
  commit_base();
  const std::string index = (dir_.path() / ".git/next-index.lock").string();
  setenv("GIT_INDEX_FILE", index.c_str(), 1);
  git("read-tree HEAD");
  write("src/only-in-the-temporary-index.js", "1;\n");
  git("add src/only-in-the-temporary-index.js");
  expect_as_git(1);
}

// `git commit` runs its hook with GIT_INDEX_FILE=.git/index: relative, which
// git reads from the top of the work tree.
TEST_F(StagedIndex, ARelativeIndexFileIsReadFromTheTop) {
  commit_base();
  setenv("GIT_INDEX_FILE", ".git/other-index", 1);
  git("read-tree HEAD");
  write("src/only-in-the-other-index.js", "1;\n");
  git("add src/only-in-the-other-index.js");
  ASSERT_TRUE(fs::exists(dir_.path() / ".git/other-index"));
  expect_as_git(1);
  unsetenv("GIT_INDEX_FILE");
  expect_as_git(0);  // the repository's own index stages nothing
}

TEST_F(StagedIndex, WhatGitCouldReadOtherwiseIsLeftToGit) {
  commit_base();
  stage_changes();
  ASSERT_TRUE(by_fanout());
  git("update-index --split-index");  // a mandatory "link" extension
  EXPECT_FALSE(by_fanout());
  git("update-index --no-split-index");
  ASSERT_TRUE(by_fanout());
  write("later.js", "1;\n");
  git("add -N later.js");  // intent to add
  EXPECT_FALSE(by_fanout());
  git("rm -q --cached later.js");
  ASSERT_TRUE(by_fanout());
  git("replace " + git_line(dir_.path(), "rev-parse HEAD") + " " + git_line(dir_.path(), "commit-tree HEAD^{tree} -m x"));
  EXPECT_FALSE(by_fanout());
}

TEST(StagedIndexFormat, ASha256RepositoryIsLeftToGit) {
  testing::TempDir dir("fanout-sha256");
  if (git_in(dir.path(), "init -q --object-format=sha256 .").empty() && !fs::exists(dir.path() / ".git")) {
    GTEST_SKIP() << "this git makes no SHA-256 repositories";
  }
  dir.write("a.js", "1;\n");
  git_in(dir.path(), "add a.js");
  ObjectStore objects((dir.path() / ".git").string());
  EXPECT_FALSE(staged_without_git((dir.path() / ".git").string(), dir.path().string(), objects));
}

TEST(StagedIndexFormat, DamagedIndexesAreRefusedNotMisread) {
  EXPECT_FALSE(parse_git_index(""));
  EXPECT_FALSE(parse_git_index(std::string("DIRC\0\0\0\x05\0\0\0\0", 12) + std::string(20, '\0')));  // version 5
  // One entry announced, none there.
  EXPECT_FALSE(parse_git_index(std::string("DIRC\0\0\0\x02\0\0\0\x01", 12) + std::string(20, '\0')));
  // No entries, a mandatory extension.
  EXPECT_FALSE(parse_git_index(std::string("DIRC\0\0\0\x02\0\0\0\0", 12) + "sdir" + std::string(4, '\0') +
                               std::string(20, '\0')));
  // No entries, an optional one: read.
  EXPECT_TRUE(parse_git_index(std::string("DIRC\0\0\0\x02\0\0\0\0", 12) + "UNTR" + std::string(4, '\0') +
                              std::string(20, '\0')));
}

}  // namespace
}  // namespace fanout::files
