// TypeScript end to end (semantics.md, When a rewrite is safe: Types and
// Modules): the cases in tests/ts-fix/cases type-check with the pinned `tsc`
// under each tsconfig in tests/ts-fix/configs (strict with noImplicitAny, no
// esModuleInterop, ES5 output with readonly arrays, an ES module output
// without interop, a loose config with `any` collections), then `fanout check
// --fix` runs in every style and the result must type-check as well. Where
// the config emits CommonJS, the compiled program runs before and after with
// the same results, and with bounded concurrency once no finding is left.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../run_support.hpp"
#include "test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using fixtest::Shell;
using fixtest::shell;

const fs::path kTsFix = fs::path(FANOUT_SOURCE_DIR) / "tests/ts-fix";
// Every style users can name (kFixStyles).
const std::vector<std::string> kStyles = [] {
  std::vector<std::string> names;
  for (const auto& row : kFixStyles) names.emplace_back(row.name);
  return names;
}();

std::map<std::string, std::string> sources(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "src")) {
    if (entry.is_regular_file()) out[fs::relative(entry.path(), dir).generic_string()] = fixtest::read_text(entry.path());
  }
  return out;
}

class TsFix : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!fs::exists(kTsFix / "node_modules/typescript/lib/typescript.js")) {
      GTEST_SKIP() << "typescript is not installed: run `scripts/bootstrap.sh --tests`";
    }
    dir_ = fs::temp_directory_path() / fmt::format("fanout-ts-fix-{}-{}", ::getpid(), GetParam());
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A small project: the shared cases, the config's own, its tsconfig.json, a
  // package.json declaring what is installed, and the team's helper.
  fs::path prepare(const std::string& name) {
    const fs::path dir = dir_ / name;
    fs::create_directories(dir / "src/lib");
    for (const std::string part : {std::string("common"), GetParam()}) {
      for (const auto& entry : fs::directory_iterator(kTsFix / "cases" / part)) {
        fs::copy_file(entry.path(), dir / "src" / entry.path().filename());
      }
    }
    fs::copy_file(kTsFix / "configs" / (GetParam() + ".json"), dir / "tsconfig.json");
    fixtest::write_text(dir / "package.json",
                        "{\"name\": \"ts-case\", \"private\": true, \"dependencies\": {\"bluebird\": \"3.7.2\", "
                        "\"p-map\": \"4.0.0\"}, \"devDependencies\": {\"@types/bluebird\": \"3.5.42\"}}\n");
    fixtest::write_text(dir / "fanout.jsonc",
                        "{ \"fix\": { \"callee\": \"PromiseUtils.mapSeries\", \"import\": \"./src/lib/promise-utils\" } }\n");
    fixtest::write_text(dir / "src/lib/promise-utils.ts",
                        "async function mapSeries<T, U>(items: readonly T[], fn: (item: T, index: number) => U | "
                        "Promise<U>): Promise<U[]> {\n  const out: U[] = [];\n  for (let i = 0; i < items.length; i++) "
                        "out.push(await fn(items[i], i));\n  return out;\n}\n\nexport default { mapSeries };\n");
    fs::create_directory_symlink(kTsFix / "node_modules", dir / "node_modules");
    return dir;
  }

  fs::path dir_;
};

// Styles that have nothing to rewrite under a config: p-map 4's types use
// `export =`, which an ES module output without esModuleInterop cannot import.
bool rewrites_nothing(const std::string& config, const std::string& style) {
  return config == "esnext" && style == "p-map";
}

TEST_P(TsFix, RewritesTypeCheckAndRun) {
  const std::string& config = GetParam();
  std::vector<std::string> names = {"original"};
  names.insert(names.end(), kStyles.begin(), kStyles.end());
  std::map<std::string, fs::path> dirs;
  for (const auto& name : names) dirs[name] = prepare(name);
  const auto untouched = sources(dirs["original"]);

  std::map<std::string, std::string> diffs;
  for (const std::string& style : kStyles) {
    const fs::path& dir = dirs[style];
    const auto fix = testing::run_fanout({"check", "--fix", "--fix-style", style, "src"},
                                         {.cwd = dir, .timeout = std::chrono::seconds(120)});
    ASSERT_LE(fix.exit_code, 1) << style << ": " << fix.err;
    for (const auto& [file, text] : sources(dir)) {
      if (untouched.at(file) != text) diffs[style] += fmt::format("--- {}\n{}\n", file, text);
    }
    if (rewrites_nothing(config, style)) {
      EXPECT_TRUE(diffs[style].empty()) << style << " rewrote what it cannot import:\n" << diffs[style];
    } else {
      EXPECT_FALSE(diffs[style].empty()) << style << ": no case was rewritten\n" << fix.out;
    }
  }

  // One TypeScript process type-checks (and emits) every folder.
  std::string command = "node '" + (kTsFix / "check.cjs").string() + "'";
  for (const auto& name : names) command += " '" + dirs[name].string() + "'";
  const Shell checked = shell(dir_, command);
  ASSERT_EQ(checked.status, 0) << checked.output;
  const nlohmann::json diagnostics = nlohmann::json::parse(checked.output, nullptr, false);
  ASSERT_TRUE(diagnostics.is_object()) << checked.output;
  ASSERT_EQ(diagnostics[dirs["original"].string()].size(), 0u)
      << "the cases must type-check before any fix:\n" << diagnostics[dirs["original"].string()].dump(2);

  const bool runs = fs::exists(dirs["original"] / "dist/main.js");
  nlohmann::json before;
  if (runs) {
    const Shell run = shell(dirs["original"], "node dist/main.js");
    ASSERT_EQ(run.status, 0) << run.output;
    before = nlohmann::json::parse(run.output);
  }
  for (const std::string& style : kStyles) {
    SCOPED_TRACE("--fix-style " + style);
    const fs::path& dir = dirs[style];
    const nlohmann::json& errors = diagnostics[dir.string()];
    EXPECT_EQ(errors.size(), 0u) << "a rewrite added a type error:\n" << errors.dump(2) << "\n" << diffs[style];
    if (!runs || !errors.empty()) continue;
    const Shell run = shell(dir, "node dist/main.js");
    ASSERT_EQ(run.status, 0) << run.output << diffs[style];
    const nlohmann::json result = nlohmann::json::parse(run.output, nullptr, false);
    EXPECT_EQ(result["results"], before["results"]) << diffs[style];
    // Bounded once nothing unbounded is left (a site the gate refuses stays as it was).
    if (testing::run_fanout({"check", "src"}, {.cwd = dir}).exit_code == 0) {
      const int max_in_flight = result.value("maxInFlight", 0);
      if (style == "p-map" || style == "auto") {
        EXPECT_LE(max_in_flight, 8) << diffs[style];
      } else {
        EXPECT_EQ(max_in_flight, 1) << diffs[style];
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fix, TsFix, ::testing::Values("es5", "interop", "esnext", "loose"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fanout
