// Walker tests: each behaviour builds its own temporary tree (style.md).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fanout/files.hpp"
#include "fanout/sources.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "fanout-walk-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = fs::canonical(made);
  }
  ~TempDir() {
    std::error_code ec;
    // Restore access to any folder a test locked, so removal can enter it.
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, ec);
    }
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

  fs::path write(const std::string& rel, const std::string& text = "export {};\n") const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  void mkdir(const std::string& rel) const { fs::create_directories(path_ / rel); }
  void link(const std::string& target, const std::string& rel) const {
    fs::create_directories((path_ / rel).parent_path());
    fs::create_symlink(target, path_ / rel);
  }

  /// Runs git in this folder; the arguments are test-controlled words.
  void git(const std::string& args) const {
    std::string cmd = "git -C '" + str() + "' " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }

 private:
  fs::path path_;
};

/// Runs the test body with the working directory set to a folder.
class InDir {
 public:
  explicit InDir(const fs::path& dir) : old_(fs::current_path()) {
    fs::current_path(dir);
    old_pwd_ = std::getenv("PWD") ? std::optional<std::string>(std::getenv("PWD")) : std::nullopt;
    setenv("PWD", dir.c_str(), 1);
  }
  ~InDir() {
    fs::current_path(old_);
    if (old_pwd_) setenv("PWD", old_pwd_->c_str(), 1); else unsetenv("PWD");
  }

 private:
  fs::path old_;
  std::optional<std::string> old_pwd_;
};

/// Sets an environment variable for one test.
class EnvVar {
 public:
  EnvVar(const char* name, const std::string& value) : name_(name) {
    if (const char* v = std::getenv(name)) old_ = v;
    setenv(name, value.c_str(), 1);
  }
  ~EnvVar() {
    if (old_) setenv(name_, old_->c_str(), 1); else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::vector<std::string> shown(const Discovery& d) {
  std::vector<std::string> out;
  for (const auto& f : d.files) out.push_back(f.display);
  return out;
}

std::vector<std::string> discover_in(const TempDir& dir, const std::vector<std::string>& paths = {}) {
  InDir in(dir.path());
  auto d = discover(paths);
  EXPECT_TRUE(d.errors.empty()) << d.errors.front().path << ": " << d.errors.front().message;
  return shown(d);
}

bool source_ending(const fs::path& p) {
  const std::string ending = p.extension().string();
  return std::any_of(kSourceExtensions.begin(), kSourceExtensions.end(),
                     [&](const SourceExtension& row) { return ending == "." + std::string(row.name); });
}

// What git itself says: every JS/TS file under the tree (outside .git and
// node_modules) that `git check-ignore` does not report, sorted.
std::vector<std::string> git_expected(const TempDir& dir) {
  std::vector<std::string> candidates;
  for (auto it = fs::recursive_directory_iterator(dir.path()); it != fs::recursive_directory_iterator(); ++it) {
    auto name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && source_ending(it->path())) {
      candidates.push_back(fs::relative(it->path(), dir.path()).generic_string());
    }
  }
  TempDir scratch;
  auto list = scratch.path() / "list";
  {
    std::ofstream in(list, std::ios::binary);
    for (const auto& c : candidates) in << c << '\0';
  }
  std::string cmd = "git -C '" + dir.str() + "' check-ignore -z --stdin < '" + list.string() + "'";
  std::set<std::string> ignored;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    size_t start = 0;
    for (size_t end; (end = out.find('\0', start)) != std::string::npos; start = end + 1) {
      ignored.insert(out.substr(start, end - start));
    }
  }
  std::vector<std::string> expected;
  for (const auto& c : candidates) {
    if (!ignored.count(c)) expected.push_back(c);
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

// The listing matches both the expected names and git's own verdict.
void expect_git_listing(const TempDir& tree, const std::vector<std::string>& expected) {
  auto got = discover_in(tree);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got, git_expected(tree));
}

/// Git tests see only the tree's own config: no system or user excludes file.
class GitTree : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
    tree.git("init -q .");
  }
  EnvVar no_system_{"GIT_CONFIG_NOSYSTEM", "1"};
  EnvVar no_global_{"GIT_CONFIG_GLOBAL", "/dev/null"};
  EnvVar no_xdg_{"XDG_CONFIG_HOME", "/nonexistent"};
  TempDir tree;
};

using Files = std::vector<std::string>;

TEST_F(GitTree, NegationKeepsFile) {
  tree.write(".gitignore", "*.gen.js\n!keep.gen.js\n");
  tree.write("a.gen.js");
  tree.write("keep.gen.js");
  tree.write("main.ts");
  expect_git_listing(tree, Files{"keep.gen.js", "main.ts"});
}

TEST_F(GitTree, DirectoryOnlyPatternSparesFilesOfThatName) {
  tree.write(".gitignore", "out/\n");
  tree.write("out/x.js");
  tree.write("src/out/y.js");  // also a folder named out: ignored too
  tree.write("src/out.js");    // a file: "out/" names folders only
  tree.write("lib/out");       // a file named out, not a folder
  expect_git_listing(tree, Files{"src/out.js"});
}

TEST_F(GitTree, NestedGitignoreAppliesBelowItsFolder) {
  tree.write(".gitignore", "*.cjs\n");
  tree.write("pkg/.gitignore", "gen/\n!*.cjs\n");
  tree.write("pkg/gen/a.js");
  tree.write("pkg/b.cjs");
  tree.write("c.cjs");
  tree.write("gen/d.js");
  expect_git_listing(tree, Files{"gen/d.js", "pkg/b.cjs"});
}

TEST_F(GitTree, InfoExcludeIsHonoured) {
  tree.write(".git/info/exclude", "local/\n");
  tree.write("local/a.js");
  tree.write("b.js");
  expect_git_listing(tree, Files{"b.js"});
}

TEST_F(GitTree, CoreExcludesFileFromGlobalConfig) {
  TempDir home;
  home.write("ignore", "*.mts\n");
  home.write("gitconfig", "[core]\n\texcludesFile = " + home.str() + "/ignore\n");
  EnvVar global("GIT_CONFIG_GLOBAL", home.str() + "/gitconfig");
  tree.write("a.mts");
  tree.write("b.cts");
  expect_git_listing(tree, Files{"b.cts"});
}

TEST_F(GitTree, TrackedFileIsListedEvenWhenIgnored) {
  tree.write(".gitignore", "dist/\n");
  tree.write("dist/tracked.js");
  tree.write("dist/untracked.js");
  tree.git("add -f dist/tracked.js");
  expect_git_listing(tree, Files{"dist/tracked.js"});
}

TEST_F(GitTree, DeletedTrackedFileIsSkipped) {
  tree.write("gone.js");
  tree.write("here.js");
  tree.git("add gone.js here.js");
  fs::remove(tree.path() / "gone.js");
  EXPECT_EQ(discover_in(tree), (Files{"here.js"}));
}

TEST_F(GitTree, SubfolderOfRepositoryUsesRepositoryRules) {
  tree.write(".gitignore", "*.tmp.js\n");
  tree.write("src/a.js");
  tree.write("src/b.tmp.js");
  EXPECT_EQ(discover_in(tree, {"src"}), (Files{"src/a.js"}));
  InDir in(tree.path() / "src");
  EXPECT_EQ(shown(discover({})), (Files{"a.js"}));
}

TEST_F(GitTree, IgnoredFolderNamedDirectlyIsWalked) {
  tree.write(".gitignore", "build/\n");
  tree.write("build/a.js");
  tree.write("build/sub/b.js");
  tree.write("c.js");
  EXPECT_EQ(discover_in(tree), (Files{"c.js"}));
  EXPECT_EQ(discover_in(tree, {"build"}), (Files{"build/a.js", "build/sub/b.js"}));
}

TEST_F(GitTree, TrackedNodeModulesIsStillSkipped) {
  tree.write("node_modules/dep/index.js");
  tree.write("app.js");
  tree.git("add node_modules/dep/index.js app.js");
  EXPECT_EQ(discover_in(tree), (Files{"app.js"}));
  EXPECT_EQ(discover_in(tree, {"node_modules/dep"}), (Files{"node_modules/dep/index.js"}));
}

TEST_F(GitTree, IgnoredNodeModulesNamedDirectlyIsWalked) {
  tree.write(".gitignore", "node_modules\n");
  tree.write("node_modules/a/index.js");
  tree.write("node_modules/a/node_modules/b/index.js");
  EXPECT_EQ(discover_in(tree), Files{});
  EXPECT_EQ(discover_in(tree, {"node_modules"}),
            (Files{"node_modules/a/index.js", "node_modules/a/node_modules/b/index.js"}));
}

TEST_F(GitTree, NestedRepositoryKeepsItsOwnRules) {
  tree.write(".gitignore", "*.cjs\n");
  tree.write("inner/.gitignore", "skip.js\n");
  tree.write("inner/skip.js");
  tree.write("inner/keep.js");
  tree.write("inner/x.cjs");  // ignored only by the outer repository
  std::string cmd = "git init -q '" + tree.str() + "/inner'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(discover_in(tree), (Files{"inner/keep.js", "inner/x.cjs"}));
}

TEST_F(GitTree, GitFolderIsNeverListed) {
  tree.write(".git/hooks/x.js");
  tree.write("a.js");
  EXPECT_EQ(discover_in(tree), (Files{"a.js"}));
}

TEST(Discover, NonGitTreeSkipsNodeModulesAndGit) {
  TempDir tree;
  tree.write("src/a.ts");
  tree.write("src/b.txt");
  tree.write("node_modules/dep/c.js");
  tree.write("src/node_modules/d.js");
  tree.write(".git/e.js");  // not a repository, but still never entered
  tree.write("f.d.ts");
  tree.write(".js");        // a hidden file, not a JS file
  EXPECT_EQ(discover_in(tree), (Files{"f.d.ts", "src/a.ts"}));
  EXPECT_EQ(discover_in(tree, {"node_modules"}), (Files{"node_modules/dep/c.js"}));
  EXPECT_EQ(discover_in(tree, {".git"}), (Files{".git/e.js"}));
}

TEST(Discover, NonGitTreeHasEveryEnding) {
  TempDir tree;
  for (auto e : {"js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue", "svelte", "astro", "json", "JS", "jsonc",
                 "VUE", "html", "md"}) {
    tree.write(std::string("f.") + e);
  }
  EXPECT_EQ(discover_in(tree), (Files{"f.astro", "f.cjs", "f.cts", "f.js", "f.jsx", "f.mjs", "f.mts", "f.svelte",
                                      "f.ts", "f.tsx", "f.vue"}));
}

TEST(Discover, FileNamedDirectlyWhateverItsEnding) {
  TempDir tree;
  tree.write("notes.txt");
  tree.write("ignored/x.txt");
  EXPECT_EQ(discover_in(tree, {"notes.txt", "./ignored/x.txt"}), (Files{"ignored/x.txt", "notes.txt"}));
}

TEST(Discover, SameFileNamedTwiceAppearsOnce) {
  TempDir tree;
  tree.write("src/a.js");
  tree.write("b.js");
  InDir in(tree.path());
  auto d = discover({"src/a.js", "./src/a.js", "src", ".", tree.str() + "/src/", "b.js"});
  EXPECT_EQ(shown(d), (Files{"b.js", "src/a.js"}));
  EXPECT_EQ(d.files[1].path, "src/a.js");
}

TEST(Discover, PathsAreOpenableAndDisplayIsRelative) {
  TempDir tree;
  tree.write("proj/src/a.js");
  tree.write("other/b.js");
  InDir in(tree.path() / "proj");
  auto d = discover({"../proj/src", "../other"});
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_EQ(d.files[0].display, tree.str() + "/other/b.js");
  EXPECT_EQ(d.files[0].path, "../other/b.js");
  EXPECT_EQ(d.files[1].display, "src/a.js");
  EXPECT_EQ(d.files[1].path, "../proj/src/a.js");
  for (const auto& f : d.files) EXPECT_TRUE(fs::exists(f.path)) << f.path;
}

TEST(Discover, SymlinkToFileIsRead) {
  TempDir tree, outside;
  outside.write("real.js");
  tree.write("lib/impl.txt");
  tree.link(outside.str() + "/real.js", "linked.js");
  tree.link("lib/impl.txt", "alias.ts");
  tree.link("missing.js", "dangling.js");
  EXPECT_EQ(discover_in(tree), (Files{"alias.ts", "linked.js"}));
}

TEST(Discover, FolderLinkOutOfRootIsNotFollowed) {
  TempDir tree, outside;
  outside.write("x.js");
  tree.write("a.js");
  tree.link(outside.str(), "out");
  EXPECT_EQ(discover_in(tree), (Files{"a.js"}));
  // Named directly, the link is the root and is walked.
  EXPECT_EQ(discover_in(tree, {"out"}), (Files{"out/x.js"}));
}

TEST(Discover, SymlinkCycleTerminates) {
  TempDir tree;
  tree.write("a/b.js");
  tree.link("..", "a/up");
  tree.link("loop", "loop");
  tree.link("../a", "a/self");
  EXPECT_EQ(discover_in(tree), (Files{"a/b.js"}));
  InDir in(tree.path());
  auto d = discover({"a/up/a/self"});
  EXPECT_EQ(shown(d), (Files{"a/up/a/self/b.js"}));
}

TEST_F(GitTree, SymlinksInsideWorkTree) {
  TempDir outside;
  outside.write("x.js");
  tree.write("a/b.js");
  tree.link("..", "a/up");
  tree.link(outside.str(), "out");
  tree.link("a/b.js", "c.js");
  EXPECT_EQ(discover_in(tree), (Files{"a/b.js", "c.js"}));
}

TEST(Discover, UnusualNames) {
  TempDir tree;
  tree.write("with space/a b.js");
  tree.write("new\nline.js");
  tree.write("ünï/cödé.ts");
  tree.write("quote'\"$(x).js");
  EXPECT_EQ(discover_in(tree), (Files{"new\nline.js", "quote'\"$(x).js", "with space/a b.js", "ünï/cödé.ts"}));
}

TEST_F(GitTree, UnusualNamesInWorkTree) {
  tree.write("with space/a b.js");
  tree.write("new\nline.js");
  tree.write("ünï/cödé.ts");
  tree.write("tab\there.js");
  tree.git("add 'ünï'");
  auto got = discover_in(tree);
  EXPECT_EQ(got, (Files{"new\nline.js", "tab\there.js", "with space/a b.js", "ünï/cödé.ts"}));
  EXPECT_EQ(got, git_expected(tree));
}

TEST(Discover, MissingPathIsAnErrorAndTheWalkContinues) {
  TempDir tree;
  tree.write("a.js");
  tree.write("f.js");
  InDir in(tree.path());
  auto d = discover({"nope", "a.js", "f.js/"});
  EXPECT_EQ(shown(d), (Files{"a.js"}));
  ASSERT_EQ(d.errors.size(), 2u);
  EXPECT_EQ(d.errors[0].path, "nope");
  EXPECT_EQ(d.errors[0].message, "No such file or directory");
  EXPECT_EQ(d.errors[1].path, "f.js/");
  EXPECT_EQ(d.errors[1].message, "Not a directory");
}

// Root ignores permissions, so the walk runs in a child that drops to nobody.
TEST(Discover, UnreadableFolderIsAnErrorAndTheWalkContinues) {
  TempDir tree;
  fs::permissions(tree.path(), fs::perms::all);
  tree.write("ok.js");
  tree.write("locked/hidden.js");
  fs::permissions(tree.path() / "locked", fs::perms::none);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    if (chdir(tree.path().c_str()) != 0) _exit(4);
    auto d = discover({});
    bool ok = shown(d) == Files{"ok.js"} && d.errors.size() == 1 && d.errors[0].path == "locked" &&
              d.errors[0].message == "cannot read folder: Permission denied";
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(DisplayPath, RelativeUnderWorkingDirectoryElseAbsolute) {
  TempDir tree;
  tree.mkdir("sub");
  InDir in(tree.path() / "sub");
  EXPECT_EQ(display_path("a.js"), "a.js");
  EXPECT_EQ(display_path("./x//y/../a.js"), "x/a.js");
  EXPECT_EQ(display_path(tree.str() + "/sub/a.js"), "a.js");
  EXPECT_EQ(display_path("../b.js"), tree.str() + "/b.js");
  EXPECT_EQ(display_path("/etc/hosts"), "/etc/hosts");
  EXPECT_EQ(display_path("."), ".");
}

TEST(DisplayPath, WorkingDirectoryReachedThroughLink) {
  TempDir tree;
  tree.write("real/a.js");
  tree.link("real", "alias");
  InDir in(tree.path() / "real");
  EXPECT_EQ(display_path(tree.str() + "/alias/a.js"), "a.js");
}

}  // namespace
}  // namespace fanout
