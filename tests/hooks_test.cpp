// Hooks and CI end to end: real `git commit` in a temporary repository with
// fanout's own hook (`fanout install-hook`), the pre-commit framework and
// lint-staged; `check --staged` and `--changed-since`; and the README's
// snippets, which are read from the README and run as written.
//
// pre-commit runs offline: the remote snippet's URL is replaced by a local
// repository holding this project's .pre-commit-hooks.yaml and package.json,
// tagged with the snippet's `rev`, and the npm packages its hook installs are
// the ones packed from this tree with the binary under test
// (scripts/release/package.sh), given as additional_dependencies; npm runs
// with --offline. lint-staged comes from tests/tools (scripts/bootstrap.sh
// --tests), linked into the temporary repository as its node_modules. A
// missing git, pre-commit or node fails these tests: bootstrap installs them.
// scripts/test-install.sh runs the same snippets against a real registry.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fanout/sources.hpp"
#include "fix/test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFanout = R"(export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
)";
constexpr const char* kFixed = R"(export async function run(items) {
  for (const x of items) await work(x);
}
)";
constexpr const char* kSuppressed = R"(export async function run(items) {
  // fanout-disable-next-line unbounded-promise-all -- reason: items holds at most three entries
  await Promise.all(items.map(async (x) => work(x)));
}
)";
constexpr std::string_view kUpstream = "https://github.com/fanout-dev/fanout";

std::string read_file(const fs::path& path) { return fixtest::read_text(path); }

void write_file(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  fixtest::write_text(path, std::string(text));
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

/// The README's fenced block whose first line is `first_line` (or, for blocks
/// that cannot hold a comment, that contains it), without the fences.
std::string readme_block(std::string_view info, std::string_view marker) {
  const std::string readme = read_file(fs::path(FANOUT_SOURCE_DIR) / "README.md");
  const std::string fence = fmt::format("```{}\n", info);
  for (std::size_t at = readme.find(fence); at != std::string::npos; at = readme.find(fence, at + 1)) {
    const std::size_t body = at + fence.size();
    const std::size_t end = readme.find("\n```", body);
    if (end == std::string::npos) break;
    std::string block = readme.substr(body, end + 1 - body);
    if (block.starts_with(marker) || (info == "json" && contains(block, marker))) return block;
  }
  ADD_FAILURE() << "README.md has no ```" << info << " block with " << marker;
  return {};
}

struct Ran {
  int status = -1;
  std::string out;  ///< stdout and stderr together, as a user sees them
};

/// A temporary git repository with its own HOME, so no global git, npm or
/// pre-commit setting of the machine takes part.
class HookRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "fanout-hooks-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    repo_ = root_ / "repo";
    fs::create_directories(repo_);
    fs::create_directories(root_ / "home");
    for (const char* tool : {"git", "pre-commit", "node", "npx"}) {
      ASSERT_EQ(sh(fmt::format("command -v {}", tool)).status, 0)
          << tool << " is missing: scripts/bootstrap.sh --tests installs it";
    }
    init_repo(repo_);
  }
  void TearDown() override { fs::remove_all(root_); }

  /// Runs shell text in `cwd` (default: the repository) with fanout on PATH.
  Ran sh(const std::string& command, const fs::path& cwd = {}) const {
    const fs::path script = root_ / "command.sh";
    write_file(script, fmt::format(
                           "unset CI FORCE_COLOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n"
                           "export HOME={} PRE_COMMIT_HOME={} GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1\n"
                           "export npm_config_offline=true npm_config_update_notifier=false npm_config_audit=false\n"
                           "export PATH={}:\"$PATH\"\n"
                           "cd {} || exit 99\n"
                           "{}\n",
                           quote((root_ / "home").string()), quote((root_ / "pre-commit-home").string()),
                           quote(fs::path(FANOUT_BINARY).parent_path().string()),
                           quote((cwd.empty() ? repo_ : cwd).string()), command));
    const fs::path out = root_ / "output";
    const int raw = std::system(fmt::format("/bin/sh {} >{} 2>&1", quote(script.string()), quote(out.string())).c_str());
    return Ran{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, .out = read_file(out)};
  }

  void init_repo(const fs::path& dir) const {
    fs::create_directories(dir);
    const Ran init = sh("git init -q -b main && git config user.name 'Fan Out' && "
                        "git config user.email fanout@example.com && git config commit.gpgsign false",
                        dir);
    ASSERT_EQ(init.status, 0) << init.out;
  }

  void write(const std::string& relative, std::string_view text) const { write_file(repo_ / relative, text); }

  /// `git add` then a real `git commit`, hooks included.
  Ran commit(const std::string& paths, const std::string& message = "change") const {
    return sh(fmt::format("git add -- {} && git commit -q -m {}", paths, quote(message)));
  }

  std::size_t commit_count() const {
    const Ran log = sh("git rev-list --count HEAD 2>/dev/null || echo 0");
    return std::stoul(log.out);
  }

  /// The npm packages of this tree as a release packs them, holding the
  /// binary under test: the launcher `fanout` and this platform's package.
  std::vector<std::string> npm_packages() const {
    const fs::path dir = root_ / "npm-packages";
    const fs::path source(FANOUT_SOURCE_DIR);
    const Ran packed = sh(fmt::format(
        "platform=\"$(node -p \"process.platform + '-' + process.arch\")\" && "
        "{} {} \"$platform\" {} 2>/dev/null && cd {} && npm pack --silent --pack-destination {} >/dev/null && "
        "ls {}/fanout-cli-\"$platform\"-*.tgz",
        quote((source / "scripts/release/package.sh").string()), quote(FANOUT_BINARY), quote(dir.string()),
        quote((source / "npm/fanout").string()), quote(dir.string()), quote(dir.string())));
    EXPECT_EQ(packed.status, 0) << packed.out;
    const std::string platform = packed.out.substr(0, packed.out.find('\n'));
    return {(dir / fmt::format("fanout-{}.tgz", FANOUT_VERSION)).string(), platform};
  }

  /// A repository holding this project's .pre-commit-hooks.yaml (and the
  /// package.json that pre-commit's node hooks need), tagged `rev`.
  fs::path hooks_repository(const std::string& rev) const {
    const fs::path dir = root_ / "fanout-hooks";
    init_repo(dir);
    fs::copy_file(fs::path(FANOUT_SOURCE_DIR) / ".pre-commit-hooks.yaml", dir / ".pre-commit-hooks.yaml");
    fs::copy_file(fs::path(FANOUT_SOURCE_DIR) / "package.json", dir / "package.json");
    const Ran made = sh(fmt::format("git add . && git commit -q -m hooks && git tag {}", quote(rev)), dir);
    EXPECT_EQ(made.status, 0) << made.out;
    return dir;
  }

  /// The README's pre-commit snippet, pointed at the local hooks repository.
  void use_remote_pre_commit_snippet() const {
    std::string config = readme_block("yaml", "# .pre-commit-config.yaml\n");
    const std::size_t url = config.find(kUpstream);
    ASSERT_NE(url, std::string::npos);
    const std::size_t rev = config.find("rev: ");
    ASSERT_NE(rev, std::string::npos);
    const std::string tag = config.substr(rev + 5, config.find('\n', rev) - rev - 5);
    config.replace(url, kUpstream.size(), hooks_repository(tag).string());
    // The hook's own `fanout@<version>` from npm, here packed from this tree.
    const std::string hook = "      - id: fanout\n";
    const std::size_t at = config.find(hook);
    ASSERT_NE(at, std::string::npos);
    const auto packages = npm_packages();
    config.insert(at + hook.size(),
                  fmt::format("        additional_dependencies: ['{}', '{}']\n", packages[0], packages[1]));
    write(".pre-commit-config.yaml", config);
  }

  /// `npm install -D fanout`, from the packages packed from this tree.
  void install_npm_package() const {
    const auto packages = npm_packages();
    write(".gitignore", "node_modules\n");
    const Ran installed = sh(fmt::format("npm init -y >/dev/null && npm install -D --no-save {} {}",
                                         quote(packages[0]), quote(packages[1])));
    ASSERT_EQ(installed.status, 0) << installed.out;
    ASSERT_TRUE(fs::exists(repo_ / "node_modules/.bin/fanout"));
  }

  void install_pre_commit() const {
    const Ran install = sh("git add .pre-commit-config.yaml && pre-commit install");
    ASSERT_EQ(install.status, 0) << install.out;
  }

  /// A fan-out blocks `git commit`; the fixed file then commits.
  void expect_blocked_until_fixed(const std::string& file = "src/jobs.js") const {
    const std::size_t before = commit_count();
    write(file, kFanout);
    const Ran blocked = commit(file);
    EXPECT_NE(blocked.status, 0) << blocked.out;
    EXPECT_TRUE(contains(blocked.out, "unbounded-promise-all")) << blocked.out;
    EXPECT_TRUE(contains(blocked.out, fs::path(file).filename().string())) << blocked.out;
    EXPECT_EQ(commit_count(), before);

    write(file, kFixed);
    const Ran passed = commit(file);
    EXPECT_EQ(passed.status, 0) << passed.out;
    EXPECT_EQ(commit_count(), before + 1);
  }

  fs::path root_;
  fs::path repo_;
};

// --- the pre-commit framework -------------------------------------------------

TEST_F(HookRepo, PreCommitRemoteSnippetBlocksAFanOutUntilFixed) {
  use_remote_pre_commit_snippet();
  install_pre_commit();
  expect_blocked_until_fixed();
}

TEST_F(HookRepo, PreCommitLocalSnippetBlocksAFanOutUntilFixed) {
  install_npm_package();
  write(".pre-commit-config.yaml", readme_block("yaml", "# .pre-commit-config.yaml (local hook)\n"));
  install_pre_commit();
  expect_blocked_until_fixed("lib/worker.mts");
}

// A suppression with a reason lets the commit through.
TEST_F(HookRepo, PreCommitPassesASuppressedFanOut) {
  use_remote_pre_commit_snippet();
  install_pre_commit();
  write("src/jobs.js", kSuppressed);
  const Ran passed = commit("src/jobs.js");
  EXPECT_EQ(passed.status, 0) << passed.out;
  EXPECT_EQ(commit_count(), 1U);
}

TEST_F(HookRepo, PreCommitHookFilesPatternCoversEveryEnding) {
  // Every ending of the source table (include/fanout/sources.hpp), and no other.
  std::string names;
  for (const SourceExtension& row : kSourceExtensions) names += fmt::format("'d/a.{}', ", row.name);
  const std::string script = fmt::format(
      "import re, sys, yaml\n"
      "hook = yaml.safe_load(open({}))[0]\n"
      "assert hook['id'] == 'fanout' and hook['entry'] == 'fanout check' and hook['language'] == 'node', hook\n"
      "assert hook['additional_dependencies'] == ['fanout@{}'], hook\n"
      "for name in [{}]:\n"
      "    assert re.search(hook['files'], name), name\n"
      "for name in ['a.json', 'a.jsonc', 'a.md', 'a.js.map', 'a.tsv', 'a.vue.orig', 'a.html']:\n"
      "    assert not re.search(hook['files'], name), name\n",
      quote((fs::path(FANOUT_SOURCE_DIR) / ".pre-commit-hooks.yaml").string()), FANOUT_VERSION, names);
  write_file(root_ / "check.py", script);
  const Ran ran = sh(fmt::format("python3 {}", quote((root_ / "check.py").string())));
  EXPECT_EQ(ran.status, 0) << ran.out;
}

// --- fanout install-hook ------------------------------------------------------

TEST_F(HookRepo, InstallHookBlocksAFanOutUntilFixed) {
  const std::string install = readme_block("sh", "fanout install-hook\n");
  const Ran installed = sh(install);
  ASSERT_EQ(installed.status, 0) << installed.out;
  struct stat st {};
  ASSERT_EQ(stat((repo_ / ".git/hooks/pre-commit").c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IXUSR, 0U);
  expect_blocked_until_fixed();
}

TEST_F(HookRepo, InstallHookIsIdempotentAndKeepsForeignHooks) {
  ASSERT_EQ(sh("fanout install-hook").status, 0);
  const std::string ours = read_file(repo_ / ".git/hooks/pre-commit");
  const Ran again = sh("fanout install-hook");
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_TRUE(contains(again.out, "already")) << again.out;
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit"), ours);

  const std::string foreign = "#!/bin/sh\necho someone else's hook\n";
  write(".git/hooks/pre-commit", foreign);
  const Ran refused = sh("fanout install-hook");
  EXPECT_EQ(refused.status, 2) << refused.out;
  EXPECT_TRUE(contains(refused.out, "--force")) << refused.out;
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit"), foreign);

  const Ran forced = sh("fanout install-hook --force");
  EXPECT_EQ(forced.status, 0) << forced.out;
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit"), ours);
}

TEST_F(HookRepo, InstallHookForceKeepsABackupOfWhatItReplaces) {
  const std::string first = "#!/bin/sh\necho first foreign hook\n";
  write(".git/hooks/pre-commit", first);
  const Ran forced = sh("fanout install-hook --force");
  ASSERT_EQ(forced.status, 0) << forced.out;
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit.fanout-backup"), first);
  EXPECT_TRUE(contains(forced.out, "pre-commit.fanout-backup")) << forced.out;

  // A second foreign hook gets a backup of its own; the first one stays.
  const std::string second = "#!/bin/sh\necho second foreign hook\n";
  write(".git/hooks/pre-commit", second);
  ASSERT_EQ(sh("fanout install-hook --force").status, 0);
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit.fanout-backup"), first);
  EXPECT_EQ(read_file(repo_ / ".git/hooks/pre-commit.fanout-backup-1"), second);
  // Replacing fanout's own hook keeps nothing: there is nothing to lose.
  ASSERT_EQ(sh("fanout install-hook --force").status, 0);
  EXPECT_FALSE(fs::exists(repo_ / ".git/hooks/pre-commit.fanout-backup-2"));
}

// husky 9 sets core.hooksPath to .husky/_, which it generates; users edit
// .husky/pre-commit, and that is the file install-hook must name.
TEST_F(HookRepo, InstallHookUnderHuskyNamesHuskysOwnHookFile) {
  const fs::path tools = fs::path(FANOUT_SOURCE_DIR) / "tests/tools/node_modules";
  ASSERT_TRUE(fs::exists(tools / ".bin/husky")) << "run scripts/bootstrap.sh --tests (npm ci in tests/tools)";
  fs::create_directory_symlink(tools, repo_ / "node_modules");
  write("package.json", R"({ "name": "app", "private": true })");
  const Ran init = sh("npx --no-install husky init");
  ASSERT_EQ(init.status, 0) << init.out;
  ASSERT_TRUE(fs::exists(repo_ / ".husky/_/pre-commit")) << init.out;

  const Ran refused = sh("fanout install-hook");
  EXPECT_EQ(refused.status, 2) << refused.out;
  EXPECT_TRUE(contains(refused.out, "add `fanout check --staged` to .husky/pre-commit")) << refused.out;

  const Ran forced = sh("fanout install-hook --force");
  EXPECT_EQ(forced.status, 0) << forced.out;
  EXPECT_TRUE(contains(forced.out, "to .husky/pre-commit to keep it")) << forced.out;
  EXPECT_TRUE(fs::exists(repo_ / ".husky/_/pre-commit.fanout-backup")) << forced.out;
}

TEST_F(HookRepo, InstallHookHonoursCoreHooksPath) {
  ASSERT_EQ(sh("git config core.hooksPath .githooks").status, 0);
  const Ran installed = sh("fanout install-hook");
  ASSERT_EQ(installed.status, 0) << installed.out;
  EXPECT_TRUE(fs::exists(repo_ / ".githooks/pre-commit"));
  EXPECT_FALSE(fs::exists(repo_ / ".git/hooks/pre-commit"));
  expect_blocked_until_fixed();
}

TEST_F(HookRepo, InstallHookOutsideARepositoryIsAnError) {
  const Ran outside = sh("fanout install-hook", root_ / "home");
  EXPECT_EQ(outside.status, 2) << outside.out;
}

// --- check --staged -------------------------------------------------------------

TEST_F(HookRepo, StagedFanOutBlocksEvenWhenTheWorkTreeIsFixed) {
  ASSERT_EQ(sh("fanout install-hook").status, 0);
  write("a.js", kFanout);
  ASSERT_EQ(sh("git add a.js").status, 0);
  write("a.js", kFixed);
  const Ran check = sh("fanout check --staged --format compact");
  EXPECT_EQ(check.status, 1) << check.out;
  EXPECT_TRUE(contains(check.out, "a.js:2:9: error:")) << check.out;
  EXPECT_NE(sh("git commit -q -m staged-bad").status, 0);
  EXPECT_EQ(commit_count(), 0U);
}

TEST_F(HookRepo, StagedFixPassesEvenWhenTheWorkTreeHasAFanOut) {
  ASSERT_EQ(sh("fanout install-hook").status, 0);
  write("a.js", kFixed);
  ASSERT_EQ(sh("git add a.js").status, 0);
  write("a.js", kFanout);
  const Ran check = sh("fanout check --staged");
  EXPECT_EQ(check.status, 0) << check.out;
  const Ran committed = sh("git commit -q -m staged-good");
  EXPECT_EQ(committed.status, 0) << committed.out;
  EXPECT_EQ(commit_count(), 1U);
}

// `git commit -a` and `git commit PATH` stage into a temporary index that the
// hook finds through GIT_INDEX_FILE.
TEST_F(HookRepo, StagedFollowsTheIndexThatCommitAllAndCommitPathBuild) {
  ASSERT_EQ(sh("fanout install-hook").status, 0);
  write("a.js", kFixed);
  ASSERT_EQ(commit("a.js").status, 0);
  write("a.js", kFanout);
  const Ran all = sh("git commit -q -a -m all");
  EXPECT_NE(all.status, 0) << all.out;
  EXPECT_TRUE(contains(all.out, "unbounded-promise-all")) << all.out;
  const Ran only = sh("git commit -q -m only a.js");
  EXPECT_NE(only.status, 0) << only.out;
  EXPECT_EQ(commit_count(), 1U);
}

// A hook on a large commit must not start a git process per file, and a
// plain repository needs none at all: the index, HEAD and the staged blobs
// are read directly, loose or packed. Where fanout cannot read the index (a
// split index), `git diff --cached` names the files; where it cannot find
// the objects (GIT_OBJECT_DIRECTORY), one `git cat-file --batch` reads them
// all. A `git` earlier on PATH logs each call and hands it to the real one.
TEST_F(HookRepo, StagedReadsTheRepositoryItselfAndAsksGitOnlyWhatItCannotRead) {
  const Ran real = sh("command -v git");
  ASSERT_EQ(real.status, 0);
  const std::string real_git = real.out.substr(0, real.out.find('\n'));
  const fs::path log = root_ / "git-calls.log";
  write_file(root_ / "wrapper" / "git",
             fmt::format("#!/bin/sh\necho \"$*\" >> {}\nexec {} \"$@\"\n", quote(log.string()), quote(real_git)));
  fs::permissions(root_ / "wrapper" / "git", fs::perms::owner_all);
  write("README.md", "x\n");
  ASSERT_EQ(commit("README.md", "base").status, 0);
  for (int i = 0; i < 30; ++i) write(fmt::format("src/m{}.js", i), i % 10 == 0 ? kFanout : kFixed);
  ASSERT_EQ(sh("git add src").status, 0);
  const auto calls = [&](std::string_view word) {
    const std::string text = fs::exists(log) ? read_file(log) : std::string();
    std::size_t n = 0;
    for (std::size_t at = 0; (at = text.find(word, at)) != std::string::npos; ++at) ++n;
    return n;
  };
  const auto logged = [&] { return fs::exists(log) ? read_file(log) : std::string("(no git call)"); };
  const auto staged_run = [&](const std::string& env) {
    fs::remove(log);
    return sh(fmt::format("{} PATH={}:\"$PATH\" fanout check --staged --format compact", env,
                          quote((root_ / "wrapper").string())));
  };

  const Ran loose = staged_run("");
  EXPECT_EQ(loose.status, 1) << loose.out;
  EXPECT_TRUE(contains(loose.out, "src/m10.js")) << loose.out;
  EXPECT_FALSE(contains(loose.out, "src/m1.js")) << loose.out;
  EXPECT_EQ(calls("\n"), 0u) << logged();

  // As `git commit` runs its hook: GIT_INDEX_FILE=.git/index, relative to the
  // top, here from a subfolder.
  fs::create_directories(repo_ / "src");
  fs::remove(log);
  const Ran hooked = sh(fmt::format("GIT_INDEX_FILE=.git/index PATH={}:\"$PATH\" fanout check --staged --format compact",
                                    quote((root_ / "wrapper").string())),
                        repo_ / "src");
  EXPECT_EQ(hooked.status, 1) << hooked.out;
  EXPECT_TRUE(contains(hooked.out, "m10.js")) << hooked.out;
  EXPECT_EQ(calls("\n"), 0u) << logged();

  // Packed (repack keeps what the index holds): the same findings, still no git.
  ASSERT_EQ(sh("git repack -a -d -q && git prune-packed").status, 0);
  const Ran packed = staged_run("");
  EXPECT_EQ(packed.out, loose.out);
  EXPECT_EQ(calls("\n"), 0u) << logged();

  // A split index: git lists the staged files, the blobs are still read here.
  ASSERT_EQ(sh("git update-index --split-index").status, 0);
  const Ran split = staged_run("");
  EXPECT_EQ(split.out, loose.out);
  EXPECT_EQ(calls("diff --cached"), 1u) << logged();
  EXPECT_EQ(calls("\n"), 1u) << logged();

  // Objects elsewhere: one cat-file for all thirty blobs.
  const Ran moved = staged_run("GIT_OBJECT_DIRECTORY=" + quote((repo_ / ".git" / "objects").string()));
  EXPECT_EQ(moved.out, loose.out);
  EXPECT_EQ(calls("cat-file"), 1u) << logged();
  EXPECT_EQ(calls("\n"), 2u) << logged();
}

// Where the top is not plain to see (a linked work tree's `.git` is a file),
// git is asked; paths still read from the working directory.
TEST_F(HookRepo, StagedInALinkedWorkTreeAndItsSubfolder) {
  write("README.md", "x\n");
  ASSERT_EQ(commit("README.md", "base").status, 0);
  ASSERT_EQ(sh("git worktree add -q ../linked").status, 0);
  const fs::path linked = root_ / "linked";
  write_file(linked / "src" / "jobs.js", kFanout);
  ASSERT_EQ(sh("git add src/jobs.js", linked).status, 0);
  const Ran top = sh("fanout check --staged --format compact", linked);
  EXPECT_EQ(top.status, 1) << top.out;
  EXPECT_TRUE(contains(top.out, "src/jobs.js:2:")) << top.out;
  const Ran below = sh("fanout check --staged --format compact", linked / "src");
  EXPECT_EQ(below.status, 1) << below.out;
  EXPECT_TRUE(contains(below.out, "\njobs.js:2:") || below.out.starts_with("jobs.js:2:")) << below.out;
}

TEST_F(HookRepo, StagedSelectsAddedModifiedAndRenamedSourceFilesOnly) {
  const Ran nothing = sh("fanout check --staged");
  EXPECT_EQ(nothing.status, 0) << nothing.out;  // nothing staged: a clean run

  write("old.js", kFanout);
  write("gone.js", kFanout);
  ASSERT_EQ(sh("git add . && git commit -q --no-verify -m base").status, 0);
  ASSERT_EQ(sh("git rm -q gone.js && mkdir sub && git mv old.js sub/new.ts").status, 0);
  write("notes.md", "Promise.all(items.map(work))\n");
  write("data.json", "{}\n");
  ASSERT_EQ(sh("git add notes.md data.json").status, 0);

  const Ran check = sh("fanout check --staged --format compact");
  EXPECT_EQ(check.status, 1) << check.out;
  EXPECT_TRUE(contains(check.out, "sub/new.ts:2:9: error:")) << check.out;
  EXPECT_FALSE(contains(check.out, "gone.js")) << check.out;
  EXPECT_FALSE(contains(check.out, "notes.md")) << check.out;

  // From a subfolder, with a PATH narrowing the set (hooks pass names).
  const Ran narrowed = sh("fanout check --staged --format compact new.ts", repo_ / "sub");
  EXPECT_EQ(narrowed.status, 1) << narrowed.out;
  EXPECT_TRUE(contains(narrowed.out, "new.ts:2:9: error:")) << narrowed.out;
  const Ran other = sh("fanout check --staged notes.md");
  EXPECT_EQ(other.status, 0) << other.out;
}

TEST_F(HookRepo, StagedOutsideARepositoryIsAnError) {
  const Ran outside = sh("fanout check --staged", root_ / "home");
  EXPECT_EQ(outside.status, 2) << outside.out;
  EXPECT_TRUE(contains(outside.out, "--staged")) << outside.out;
}

// --- check --changed-since ------------------------------------------------------

TEST_F(HookRepo, ChangedSinceReportsOnlyFindingsOnChangedLines) {
  const std::string old_code = std::string(kFanout) + "\n";
  write("a.js", old_code);
  ASSERT_EQ(sh("git add . && git commit -q --no-verify -m base && git checkout -q -b feature").status, 0);

  // Lines 5-7 are new on the branch; line 2 is old.
  write("a.js", old_code + "export async function more(rows) {\n  await Promise.all(rows.map(async (r) => save(r)));\n}\n");
  ASSERT_EQ(sh("git commit -q --no-verify -am more").status, 0);
  write("untracked.ts", kFanout);
  // main moves on after the branch point: its changes are not this branch's.
  ASSERT_EQ(sh("git checkout -q main && sed -i 's/work(x)/work(x, 1)/' a.js && git commit -q --no-verify -am main "
               "&& git checkout -q feature")
                .status,
            0);

  const Ran check = sh("fanout check --changed-since main --format compact");
  EXPECT_EQ(check.status, 1) << check.out;
  EXPECT_TRUE(contains(check.out, "a.js:6:9: error:")) << check.out;
  EXPECT_FALSE(contains(check.out, "a.js:2:")) << check.out;
  EXPECT_TRUE(contains(check.out, "untracked.ts:2:9: error:")) << check.out;

  // Uncommitted edits count too; the old finding stays out.
  const Ran since_head = sh("fanout check --changed-since HEAD --format compact");
  EXPECT_EQ(since_head.status, 1) << since_head.out;
  EXPECT_FALSE(contains(since_head.out, "a.js:")) << since_head.out;

  ASSERT_EQ(sh("rm untracked.ts").status, 0);
  EXPECT_EQ(sh("fanout check --changed-since HEAD").status, 0);
  const Ran bad = sh("fanout check --changed-since no-such-branch");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_TRUE(contains(bad.out, "no-such-branch")) << bad.out;
  EXPECT_EQ(sh("fanout check --changed-since main --fix").status, 2);
}

// --- lint-staged ------------------------------------------------------------------

TEST_F(HookRepo, LintStagedBlocksAFanOutUntilFixed) {
  const fs::path tools = fs::path(FANOUT_SOURCE_DIR) / "tests/tools/node_modules";
  ASSERT_TRUE(fs::exists(tools / ".bin/lint-staged")) << "run scripts/bootstrap.sh --tests (npm ci in tests/tools)";
  fs::create_directory_symlink(tools, repo_ / "node_modules");
  write(".gitignore", "node_modules\n");
  write("package.json", readme_block("json", "\"lint-staged\""));
  ASSERT_EQ(commit(".gitignore package.json", "setup").status, 0);
  // husky's hook file is plain shell that git runs as the pre-commit hook.
  write(".git/hooks/pre-commit", "#!/bin/sh\n" + readme_block("sh", "# .husky/pre-commit\n"));
  fs::permissions(repo_ / ".git/hooks/pre-commit", fs::perms::owner_all, fs::perm_options::add);
  expect_blocked_until_fixed("src/handlers/orders.ts");
}

// --- GitHub Actions -----------------------------------------------------------------

// The workflow uses this repository's action at the version this tree
// releases; the action's scripts run in the ctest `github_action`
// (scripts/test-action.sh, against a release folder holding the binary under test).
TEST_F(HookRepo, GithubWorkflowIsTheReadmeSnippetAndUsesThisAction) {
  const fs::path workflow = fs::path(FANOUT_SOURCE_DIR) / "examples/github-actions/fanout.yml";
  const std::string text = read_file(workflow);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(readme_block("yaml", "# .github/workflows/fanout.yml"), text);

  const std::string script = fmt::format(
      "import yaml\n"
      "flow = yaml.safe_load(open({}))\n"
      "action = yaml.safe_load(open({}))\n"
      "job = flow['jobs']['fanout']\n"
      "assert job['permissions']['security-events'] == 'write', job\n"
      "checkout, fanout = job['steps']\n"
      "assert checkout['uses'].startswith('actions/checkout@') and checkout['with']['fetch-depth'] == 0, checkout\n"
      "assert fanout['uses'] == 'fanout-dev/fanout@v{}', fanout\n"
      "for name in fanout.get('with', {{}}):\n"
      "    assert name in action['inputs'], name\n",
      quote(workflow.string()), quote((fs::path(FANOUT_SOURCE_DIR) / "action.yml").string()), FANOUT_VERSION);
  write_file(root_ / "workflow.py", script);
  const Ran checked = sh(fmt::format("python3 {}", quote((root_ / "workflow.py").string())));
  EXPECT_EQ(checked.status, 0) << checked.out;
}


// --- GitLab CI ------------------------------------------------------------------------

TEST_F(HookRepo, GitlabPipelineIsTheReadmeSnippetAndProducesItsReports) {
  const fs::path pipeline = fs::path(FANOUT_SOURCE_DIR) / "examples/gitlab-ci/.gitlab-ci.yml";
  const std::string text = read_file(pipeline);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(readme_block("yaml", "# .gitlab-ci.yml"), text);

  // The structure GitLab needs (each report is the file its script writes,
  // kept when the job fails), and each job's script written out to run here
  // as the runner would, after the shared install step.
  const std::string script = fmt::format(
      "import re, sys, yaml\n"
      "flow = yaml.safe_load(open({}))\n"
      "jobs = {{name: job for name, job in flow.items() if not name.startswith('.')}}\n"
      "assert set(jobs) == {{'fanout-code-quality', 'fanout-merge-request'}}, jobs\n"
      "for name, kind in (('fanout-code-quality', 'codequality'), ('fanout-merge-request', 'junit')):\n"
      "    job = jobs[name]\n"
      "    assert job['extends'] == '.fanout' and job['artifacts']['when'] == 'always', job\n"
      "    report = job['artifacts']['reports'][kind]\n"
      "    assert any(('-o ' + report) in line for line in job['script']), (report, job['script'])\n"
      "    open(sys.argv[1] + '/' + name + '.sh', 'w').write('set -e\\n' + '\\n'.join(job['script'][:-1] + ['']) + job['script'][-1] + '\\n')\n"
      "mr = jobs['fanout-merge-request']\n"
      "assert mr['rules'][0]['if'] == '$CI_PIPELINE_SOURCE == \"merge_request_event\"'\n"
      "assert mr['variables']['GIT_DEPTH'] == 0\n",
      quote(pipeline.string()));
  write_file(root_ / "jobs.py", script);
  fs::create_directories(root_ / "jobs");
  const Ran parsed =
      sh(fmt::format("python3 {} {}", quote((root_ / "jobs.py").string()), quote((root_ / "jobs").string())));
  ASSERT_EQ(parsed.status, 0) << parsed.out;

  // A merge request's checkout: origin/main, and a branch adding a fan-out.
  write("base.js", kFixed);
  ASSERT_EQ(commit("base.js", "base").status, 0);
  const fs::path checkout = root_ / "checkout";
  ASSERT_EQ(sh(fmt::format("git clone -q . {} && cd {} && git checkout -q -b mr && git config user.name 'Fan Out' && "
                           "git config user.email fanout@example.com", quote(checkout.string()),
                           quote(checkout.string())))
                .status,
            0);
  write_file(checkout / "src/mr.js", kFanout);
  ASSERT_EQ(sh("git add . && git commit -q --no-verify -m mr", checkout).status, 0);
  const auto job = [&](const char* name) {
    return sh(fmt::format("CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main; "
                          "export CI_PIPELINE_SOURCE CI_MERGE_REQUEST_TARGET_BRANCH_NAME; . {}",
                          quote((root_ / "jobs" / fmt::format("{}.sh", name)).string())),
              checkout);
  };

  // The job fails on the finding, and leaves the Code Quality report.
  const Ran quality = job("fanout-code-quality");
  EXPECT_EQ(quality.status, 1) << quality.out;
  const fs::path report = checkout / "gl-code-quality-report.json";
  const fs::path tools = fs::path(FANOUT_SOURCE_DIR) / "tests/tools";
  const Ran valid = sh(fmt::format("node {} {} {}", quote((tools / "validate-config.mjs").string()),
                                   quote((tools / "gitlab-codequality.schema.json").string()),
                                   quote(report.string())));
  EXPECT_EQ(valid.status, 0) << valid.out;
  EXPECT_TRUE(contains(read_file(report), "\"path\": \"src/mr.js\"")) << read_file(report);

  // The merge request job reports the changed lines as a failing JUnit test.
  const Ran merge_request = job("fanout-merge-request");
  EXPECT_EQ(merge_request.status, 1) << merge_request.out;
  const Ran junit = sh(fmt::format("node {} junit {}", quote((tools / "read-report.mjs").string()),
                                   quote((checkout / "fanout-junit.xml").string())));
  ASSERT_EQ(junit.status, 0) << junit.out;
  EXPECT_TRUE(contains(junit.out, "\"failures\":1")) << junit.out;
  EXPECT_TRUE(contains(junit.out, "\"classname\":\"src/mr.js\"")) << junit.out;
}
}  // namespace
}  // namespace fanout
