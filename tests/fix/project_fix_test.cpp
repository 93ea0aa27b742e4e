// Small realistic projects (tests/projects, each with its own package.json,
// lockfile and node:test suite): their tests pass before `fanout check --fix`
// and after it, in the default style and in each explicit one. What `auto`
// picks per file, which files each style rewrites, and the summary line for
// packages package.json does not declare are checked too.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../run_support.hpp"
#include "test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using fixtest::Shell;
using fixtest::shell;

const fs::path kProjects = fs::path(FANOUT_SOURCE_DIR) / "tests/projects";
const fs::path kLibraries = fs::path(FANOUT_SOURCE_DIR) / "tests/node-fix/node_modules";

/// After `--fix --fix-style STYLE`: each file that must change, with a text it
/// must then hold ("" for a file that must stay as it was), and a line the
/// summary must print (empty: no line about undeclared packages).
struct Expected {
  std::map<std::string, std::string> files;
  std::string summary;
};

struct Project {
  std::string name;
  std::map<std::string, Expected> styles;
  friend void PrintTo(const Project& p, std::ostream* os) { *os << p.name; }
};

std::vector<Project> projects() {
  return {
      {"cjs-service",
       {{"auto", {{{"src/invoices.js", "for (let flag of flags)"}}, ""}},
        {"bluebird",
         {{{"src/invoices.js", "const Bluebird = require('bluebird');"}},
          "added require('bluebird') to 1 file; bluebird is not in package.json: npm install bluebird"}},
        {"p-map",
         {{{"src/invoices.js", "await pMap(queue.slice(), async (job) => {"}},
          "added require('p-map') to 1 file; p-map is not in package.json: npm install p-map@4"}},
        {"for-of", {{{"src/invoices.js", "for (const job of queue.slice())"}}, ""}},
        {"custom", {{{"src/invoices.js", "const PromiseUtils = require('../lib/promise-utils');"}}, ""}}}},
      {"esm-package",
       {{"auto",
         {{{"src/feeds.js", "import pMap from 'p-map';"},
           {"bin/sync.js", "await pMap(sources, (url) => fetchFeed(url), { concurrency: 8 })"},
           {"src/legacy.cjs", "for (const name of names)"}},
          ""}},
        {"bluebird",
         {{{"src/feeds.js", "import Bluebird from 'bluebird';"},
           {"bin/sync.js", "Bluebird.mapSeries(sources"},
           {"src/legacy.cjs", "const Bluebird = require('bluebird');"}},
          "added an import of 'bluebird' to 3 files; bluebird is not in package.json: npm install bluebird"}},
        {"p-map", {{{"src/feeds.js", "pMap(urls, fetchFeed"}, {"bin/sync.js", "pMap("}, {"src/legacy.cjs", ""}}, ""}},
        {"for-of",
         {{{"src/feeds.js", "for (const url of urls)"}, {"bin/sync.js", "for (const url of sources)"},
           {"src/legacy.cjs", "for (const name of names)"}},
          ""}},
        {"custom",
         {{{"src/feeds.js", "import PromiseUtils from '../lib/promise-utils.js';"},
           {"bin/sync.js", "PromiseUtils.mapSeries("},
           {"src/legacy.cjs", ""}},
          ""}}}},
      {"ts-service",
       {{"auto",
         {{{"src/orders.ts", "Bluebird.mapSeries(rows, async (row: (typeof rows)[number]) =>"},
           {"src/reports.ts", "const lines: readonly string[] = results;"}},
          ""}},
        {"bluebird",
         {{{"src/orders.ts", "Bluebird.mapSeries(raw"}, {"src/reports.ts", "import Bluebird = require('bluebird');"}},
          ""}},
        {"p-map",
         {{{"src/orders.ts", "import pMap = require('p-map');"}, {"src/reports.ts", "pMap(ids, async (id, rank)"}},
          "added require('p-map') to 2 files; p-map is not in package.json: npm install p-map@4"}},
        {"for-of",
         {{{"src/orders.ts", "for (const row of rows)"}, {"src/reports.ts", "for (let rank = 0; rank < ids.length; rank++)"}},
          ""}},
        {"custom", {{{"src/orders.ts", "import PromiseUtils from './lib/promise-utils';"}, {"src/reports.ts", "PromiseUtils"}}, ""}}}},
      {"browser-jquery",
       {{"auto", {{{"public/admin.js", "for (const id of ids)"}}, ""}},
        {"bluebird", {{{"public/admin.js", ""}}, ""}},
        {"p-map", {{{"public/admin.js", ""}}, ""}},
        {"for-of", {{{"public/admin.js", "for (const id of Object.keys(cache))"}}, ""}},
        {"custom", {{{"public/admin.js", ""}}, ""}}}},
  };
}

std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (name == "node_modules" || name == "dist") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out[fs::relative(it->path(), dir).generic_string()] = fixtest::read_text(it->path());
  }
  return out;
}

class ProjectFix : public ::testing::TestWithParam<Project> {
 protected:
  void SetUp() override {
    if (shell(".", "command -v node && command -v npm").status != 0) GTEST_SKIP() << "node and npm are needed";
    // A project without dependencies has nothing to install.
    const fs::path project = kProjects / GetParam().name;
    const bool needs_modules = fixtest::read_text(project / "package.json").find("ependencies\"") != std::string::npos;
    if ((needs_modules && !fs::exists(project / "node_modules")) || !fs::exists(kLibraries / "bluebird")) {
      GTEST_SKIP() << "the projects' packages are not installed: run `scripts/bootstrap.sh --tests`";
    }
    dir_ = fs::temp_directory_path() / fmt::format("fanout-project-{}-{}", ::getpid(), GetParam().name);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A copy of the project without its node_modules, which is rebuilt from
  // links: the project's own packages, plus bluebird and p-map 4 where an
  // explicit style imports them and the project does not have them.
  fs::path copy(const std::string& name) {
    const fs::path from = kProjects / GetParam().name;
    const fs::path to = dir_ / name;
    for (const auto& [file, text] : tree(from)) {
      fs::create_directories((to / file).parent_path());
      fixtest::write_text(to / file, text);
    }
    fs::create_directories(to / "node_modules");
    if (fs::exists(from / "node_modules")) {
      for (const auto& entry : fs::directory_iterator(from / "node_modules")) {
        fs::create_directory_symlink(entry.path(), to / "node_modules" / entry.path().filename());
      }
    }
    for (const char* library : {"bluebird", "p-map"}) {
      if (!fs::exists(to / "node_modules" / library)) {
        fs::create_directory_symlink(kLibraries / library, to / "node_modules" / library);
      }
    }
    return to;
  }

  fs::path dir_;
};

TEST_P(ProjectFix, TestsPassBeforeAndAfterFixInEveryStyle) {
  const Project& project = GetParam();
  const fs::path original = copy("original");
  const Shell before = shell(original, "npm test --silent");
  ASSERT_EQ(before.status, 0) << "the project's tests must pass before any fix:\n" << before.output;
  const auto untouched = tree(original);

  for (const auto& [style, expected] : project.styles) {
    SCOPED_TRACE("--fix-style " + style);
    const fs::path dir = copy(style);
    const auto fix = testing::run_fanout({"check", "--fix", "--fix-style", style, "."},
                                         {.cwd = dir, .timeout = std::chrono::seconds(120)});
    ASSERT_LE(fix.exit_code, 1) << fix.err;
    const auto fixed = tree(dir);
    for (const auto& [file, text] : expected.files) {
      ASSERT_TRUE(fixed.contains(file)) << file;
      if (text.empty()) {
        EXPECT_EQ(fixed.at(file), untouched.at(file)) << file << " must stay as it was";
      } else {
        EXPECT_NE(fixed.at(file).find(text), std::string::npos) << file << " lacks `" << text << "`:\n" << fixed.at(file);
      }
    }
    if (expected.summary.empty()) {
      EXPECT_EQ(fix.err.find("is not in"), std::string::npos) << fix.err;
    } else {
      EXPECT_NE(fix.err.find("fanout: " + expected.summary), std::string::npos) << fix.err;
    }
    testing::run_fanout({"check", "--fix", "--fix-style", style, "."}, {.cwd = dir, .timeout = std::chrono::seconds(120)});
    EXPECT_EQ(tree(dir), fixed) << "a second --fix changed the project again";

    const Shell after = shell(dir, "npm test --silent");
    std::string diff;
    for (const auto& [file, text] : fixed) {
      if (untouched.at(file) != text) diff += fmt::format("--- {}\n{}\n", file, text);
    }
    EXPECT_EQ(after.status, 0) << "the project's tests fail after --fix:\n" << after.output << "\n" << diff;
  }
}

INSTANTIATE_TEST_SUITE_P(Fix, ProjectFix, ::testing::ValuesIn(projects()), [](const auto& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
});

}  // namespace
}  // namespace fanout
