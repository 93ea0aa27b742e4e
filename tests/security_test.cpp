// What a scanned repository can make fanout do: run nothing it configures,
// print paths that point where the file really is, and let --fix write only
// files it analysed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::RunOptions;
using testing::RunOutcome;
using testing::TempDir;
using testing::read_file;
using testing::run_fanout;

constexpr const char* kFanout = "async function f(xs) { return Promise.all(xs.map((x) => g(x))); }\n";

RunOutcome run_in(const fs::path& cwd, const std::vector<std::string>& args) {
  return run_fanout(args, RunOptions{.cwd = cwd, .timeout = 30s});
}

int shell(const std::string& command) { return std::system(command.c_str()); }

TEST(Security, ExecutesNothingTheRepositoryConfigures) {
  TempDir dir;
  const fs::path repo = dir.path() / "repo";
  const fs::path marker = dir.path() / "pwned";
  fs::create_directories(repo);
  const std::string touch = "touch '" + marker.string() + "'";
  // Every hook git would run for a listing, a diff or a blob read, and what a
  // JS toolchain would run (package scripts, a config that names code).
  ASSERT_EQ(shell("cd '" + repo.string() + "' && git init -q && git config user.email t@t && git config user.name t"), 0);
  ASSERT_EQ(shell("cd '" + repo.string() + "' && git config core.fsmonitor \"" + touch + "; false\" && "
                  "git config filter.evil.clean \"" + touch + "; cat\" && git config filter.evil.smudge \"" + touch +
                  "; cat\" && git config diff.external \"" + touch + "\" && git config core.pager \"" + touch + "\""),
            0);
  fs::create_directories(repo / "src");
  std::ofstream(repo / "src" / "a.js") << kFanout;
  std::ofstream(repo / "package.json") << R"({"name":"x","scripts":{"preinstall":")" << touch << R"(","lint":")" << touch
                                       << R"("},"fanout":{"fix":{"style":"p-map"}}})";
  std::ofstream(repo / "fanout.jsonc") << "// comment\n{ \"rules\": { \"unbounded-promise-all\": \"error\" } }\n";
  // Commit through plain git before the filter applies to anything.
  ASSERT_EQ(shell("cd '" + repo.string() + "' && git -c core.fsmonitor=false add -A && git -c core.fsmonitor=false commit -qm init"), 0);
  std::ofstream(repo / ".gitattributes") << "*.js filter=evil diff=evil\n";
  std::ofstream(repo / "src" / "a.js", std::ios::app) << "// changed\n";
  fs::remove(marker);

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"check", "."},
           {"check", "--format", "sarif", "src"},
           {"check", "--staged", "."},
           {"check", "--changed-since", "HEAD", "."},
           {"check", "--fix-dry-run", "."},
       }) {
    const RunOutcome run = run_in(repo, args);
    EXPECT_EQ(run.signal, 0);
    EXPECT_FALSE(fs::exists(marker)) << "`fanout " << args[1] << "` ran a command from the repository\n" << run.err;
    fs::remove(marker);
  }
}

TEST(Security, SarifPathsPointAtTheRealFile) {
  TempDir dir;
  const fs::path cwd = dir.path() / "work";
  fs::create_directories(cwd);
  const fs::path outside = dir.path() / "other" / "x.js";
  fs::create_directories(outside.parent_path());
  std::ofstream(outside) << kFanout;
  std::ofstream(cwd / "x.js") << "// a decoy with the same name\n";

  for (const std::string& named : {std::string("../other/x.js"), std::string("./../other/../other/x.js"), outside.string()}) {
    const RunOutcome run = run_in(cwd, {"check", "--format", "sarif", named});
    ASSERT_EQ(run.exit_code, 1) << named << "\n" << run.err;
    const auto sarif = nlohmann::json::parse(run.out);
    const auto& results = sarif["runs"][0]["results"];
    ASSERT_FALSE(results.empty());
    for (const auto& result : results) {
      std::string uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
      // Relative URIs are relative to the working directory (%SRCROOT%).
      fs::path where = uri.starts_with("file://") ? fs::path(uri.substr(7)) : cwd / uri;
      EXPECT_TRUE(fs::exists(where)) << named << " -> " << uri;
      if (fs::exists(where)) EXPECT_TRUE(fs::equivalent(where, outside)) << named << " -> " << uri;
    }
  }
}

std::map<fs::path, std::string> snapshot(const fs::path& root) {
  std::map<fs::path, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && !entry.is_symlink()) files[entry.path()] = read_file(entry.path());
  }
  return files;
}

TEST(Security, FixWritesOnlyTheFilesItAnalysed) {
  TempDir dir;
  const fs::path project = dir.path() / "project";
  for (const char* name : {"src/a.js", "src/b.ts", "node_modules/dep/index.js", "vendor/ignored.js", "notes.txt",
                           "src/data.json"}) {
    fs::create_directories((project / name).parent_path());
    std::ofstream(project / name) << kFanout;
  }
  std::ofstream(project / ".gitignore") << "vendor/\n";
  ASSERT_EQ(shell("cd '" + project.string() + "' && git init -q && git add -A >/dev/null 2>&1"), 0);
  fs::create_directories(dir.path() / "sibling");
  std::ofstream(dir.path() / "sibling" / "c.js") << kFanout;

  // Which files a plain check analyses, as its JSON report lists them.
  const RunOutcome listed = run_in(project, {"check", "--format", "json", "src", "node_modules/../src"});
  std::set<fs::path> analysed;
  for (const auto& file : nlohmann::json::parse(listed.out)) {
    analysed.insert(fs::weakly_canonical(project / std::string(file["filePath"])));
  }
  ASSERT_FALSE(analysed.empty()) << listed.out;

  const auto before = snapshot(dir.path());
  const RunOutcome fixed = run_in(project, {"check", "--fix", "src", "node_modules/../src"});
  EXPECT_EQ(fixed.signal, 0);
  const auto after = snapshot(dir.path());
  std::size_t changed = 0;
  for (const auto& [path, text] : after) {
    const auto it = before.find(path);
    if (it != before.end() && it->second == text) continue;
    ++changed;
    EXPECT_TRUE(analysed.contains(fs::weakly_canonical(path))) << "--fix wrote " << path << ", which it never analysed";
  }
  EXPECT_GT(changed, 0u) << fixed.out << fixed.err;
  EXPECT_EQ(after.size(), before.size()) << "--fix created or removed files";
}

}  // namespace
}  // namespace fanout
