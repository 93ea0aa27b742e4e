// read_loose_blob: a staged blob read straight from .git/objects, or nullopt
// for whatever only git should read (then --staged asks `git cat-file`).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "files/loose_object.hpp"
#include "run_support.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;

// The first line git prints for `args` run in `dir`, or "" when it fails.
std::string git(const fs::path& dir, const std::string& args) {
  const std::string command = "git -C '" + dir.string() + "' " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  if (pclose(pipe) != 0) return "";
  return out.substr(0, out.find('\n'));
}

class LooseObjects : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(git(dir_.path(), "init -q").empty()); }
  std::string hash(const std::string& name, const std::string& text) {
    dir_.write(name, text);
    const std::string id = git(dir_.path(), "hash-object -w " + name);
    EXPECT_FALSE(id.empty()) << name;
    return id;
  }
  std::string git_dir() const { return (dir_.path() / ".git").string(); }
  std::string within() const { return dir_.path().string(); }

  testing::TempDir dir_{"fanout-loose"};
};

TEST_F(LooseObjects, ABlobReadsAsItsContent) {
  const std::string text = "export const a = [1, 2].map((n) => n * 2);\n\0and a NUL";
  const std::string id = hash("a.js", std::string(text.data(), text.size()));
  EXPECT_EQ(read_loose_blob(git_dir(), id, 1 << 20, within()), text);
  const std::string empty = hash("empty.js", "");
  EXPECT_EQ(read_loose_blob(git_dir(), empty, 1 << 20, within()), "");
}

TEST_F(LooseObjects, AnythingElseIsLeftToGit) {
  const std::string id = hash("a.js", std::string(5000, 'x'));
  EXPECT_FALSE(read_loose_blob(git_dir(), id, 4999, within()));                   // over the size limit
  EXPECT_FALSE(read_loose_blob(git_dir(), "not-an-id", 1 << 20, within()));       // no object id
  EXPECT_FALSE(read_loose_blob(git_dir(), std::string(40, '0'), 1 << 20, within()));  // missing
  EXPECT_FALSE(read_loose_blob(git_dir(), "../../../../etc/passwd", 1 << 20, within()));
  // A tree is no blob.
  git(dir_.path(), "add a.js");
  const std::string tree = git(dir_.path(), "write-tree");
  ASSERT_EQ(tree.size(), 40u);
  EXPECT_FALSE(read_loose_blob(git_dir(), tree, 1 << 20, within()));
  // Damaged: not zlib, or a symlink out of the repository.
  const std::string damaged = hash("b.js", "const b = 1;\n");
  const fs::path file = dir_.path() / ".git" / "objects" / damaged.substr(0, 2) / damaged.substr(2);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  fs::remove(file);
  dir_.write(fs::relative(file, dir_.path()).string(), "garbage, not a zlib stream");
  EXPECT_FALSE(read_loose_blob(git_dir(), damaged, 1 << 20, within()));
  fs::remove(file);
  fs::create_symlink("/dev/zero", file);
  EXPECT_FALSE(read_loose_blob(git_dir(), damaged, 1 << 20, within()));
}

}  // namespace
}  // namespace fanout::files
