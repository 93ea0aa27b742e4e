// End to end: scripts in tests/node-fix/scripts run with Node before and
// after --fix in each style (auto, bluebird, p-map, for-of, custom); a
// rewrite must keep their results and bound the calls in flight (1 in series,
// at most the concurrency with p-map), and a site the gate refuses must stay
// byte for byte. One script per clause of semantics.md's "When a rewrite is
// safe" is rewritten (`gate-*-rewritten`) and one is refused.
//
// Script headers (first lines):
//   // expect: rewritten | unchanged
//   // rewritten: STYLE...            only these styles rewrite; the others leave the file
//   // package.json: {...}            written beside the script (module type, dependencies)
//   // custom-lib: esm                the team's helper is an ES module (default: CommonJS)
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

const fs::path kNodeFix = fs::path(FANOUT_SOURCE_DIR) / "tests/node-fix";
// Every style users can name (kFixStyles).
const std::vector<std::string> kStyles = [] {
  std::vector<std::string> names;
  for (const auto& row : kFixStyles) names.emplace_back(row.name);
  return names;
}();
constexpr std::uint32_t kConcurrency = 4;

struct Run {
  int status = -1;
  std::string output;
};

Run run_command(const std::string& command) {
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) run.output.append(buffer, n);
  run.status = ::pclose(pipe);
  return run;
}

std::string shell_quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// The script's last line of standard output, as JSON (Node's warnings go to stderr).
nlohmann::json run_script(const fs::path& script) {
  const Run run = run_command(
      fmt::format("cd {} && node {} 2>{}", shell_quoted(script.parent_path()), shell_quoted(script), shell_quoted(script.string() + ".err")));
  EXPECT_EQ(run.status, 0) << script << " failed:\n" << run.output << fixtest::read_text(script.string() + ".err");
  std::string last = run.output;
  while (!last.empty() && last.back() == '\n') last.pop_back();
  last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
  const auto json = nlohmann::json::parse(last, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << "not JSON:\n" << run.output;
  return json;
}

struct Header {
  bool rewritten = true;
  std::vector<std::string> styles = kStyles;  // the styles that rewrite
  std::string package_json;
  bool esm_lib = false;
};

Header read_header(const std::string& text) {
  Header header;
  std::istringstream lines(text);
  std::string line;
  for (int i = 0; i < 8 && std::getline(lines, line); ++i) {
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"(^// expect: (rewritten|unchanged))"))) {
      header.rewritten = m[1] == "rewritten";
      if (!header.rewritten) header.styles.clear();
    } else if (std::regex_search(line, m, std::regex(R"(^// rewritten: (.*)$)"))) {
      std::istringstream words(m[1].str());
      header.styles.clear();
      for (std::string w; words >> w;) header.styles.push_back(w);
    } else if (std::regex_search(line, m, std::regex(R"(^// package\.json: (.*)$)"))) {
      header.package_json = m[1];
    } else if (line == "// custom-lib: esm") {
      header.esm_lib = true;
    }
  }
  return header;
}

class NodeFix : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (run_command("command -v node >/dev/null 2>&1").status != 0) {
      GTEST_SKIP() << "node is not installed: the end-to-end fix test needs Node.js";
    }
    if (!fs::exists(kNodeFix / "node_modules/bluebird") || !fs::exists(kNodeFix / "node_modules/p-map")) {
      GTEST_SKIP() << "bluebird and p-map are not installed: run `scripts/bootstrap.sh --tests`";
    }
    dir_ = fs::temp_directory_path() / fmt::format("fanout-node-fix-{}-{}", ::getpid(), counter_++);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A fresh folder per style: the script, its package.json, the team's helper
  // that `--fix-style custom` imports (tests/fix/test_support.hpp), and a
  // node_modules link that serves `require` and ESM `import` alike.
  fs::path prepare(const std::string& style, const std::string& script, const Header& header) {
    const fs::path dir = dir_ / style;
    fs::create_directories(dir / "lib");
    fs::create_directory_symlink(kNodeFix / "node_modules", dir / "node_modules");
    fs::copy_file(kNodeFix / "scripts" / script, dir / script);
    if (!header.package_json.empty()) fixtest::write_text(dir / "package.json", header.package_json + "\n");
    const std::string body =
        "async function mapSeries(items, fn) {\n  const out = [];\n  let i = 0;\n"
        "  for (const item of items) out.push(await fn(item, i++));\n  return out;\n}\n";
    if (header.esm_lib) {
      fixtest::write_text(dir / "lib/promise-utils.mjs", body + "export default { mapSeries };\n");
    } else {
      fixtest::write_text(dir / "lib/package.json", "{\"type\": \"commonjs\"}\n");
      fixtest::write_text(dir / "lib/promise-utils.js", body + "module.exports = { mapSeries };\n");
    }
    return dir / script;
  }

  fs::path dir_;
  static inline int counter_ = 0;
};

TEST_P(NodeFix, KeepsResultsAndBoundsConcurrencyInEveryStyle) {
  const std::string& script = GetParam();
  const std::string original = fixtest::read_text(kNodeFix / "scripts" / script);
  const Header header = read_header(original);
  const nlohmann::json before = run_script(prepare("original", script, header));
  ASSERT_GT(before.value("maxInFlight", 0), 1) << "the script must fan out to be a test";

  for (const std::string& style : kStyles) {
    SCOPED_TRACE("--fix-style " + style);
    const fs::path path = prepare(style, script, header);
    AnalysisOptions options = fixtest::options_for(style, path.parent_path().string());
    options.fix.concurrency = kConcurrency;
    const auto fixed = fixtest::fix_until_stable(path.string(), original, options);
    EXPECT_LE(fixed.syntax_errors, fixed.baseline_errors) << fixed.text;
    EXPECT_TRUE(fixtest::safe_fixes(path.string(), fixed.text, options).empty()) << "a second --fix would change more";

    const bool rewrites = std::find(header.styles.begin(), header.styles.end(), style) != header.styles.end();
    if (!rewrites) {
      EXPECT_EQ(fixed.text, original) << "the gate must leave this file alone";
      continue;
    }
    if (fixed.text == original) {
      ADD_FAILURE() << "nothing was rewritten";
      continue;
    }
    ASSERT_EQ(write_file_atomically(path.string(), original, fixed.text), std::nullopt);
    const nlohmann::json after = run_script(path);
    EXPECT_EQ(after["results"], before["results"]) << "rewritten script:\n" << fixed.text;
    const int max_in_flight = after.value("maxInFlight", 0);
    if (style == "p-map" || style == "auto") {
      EXPECT_GE(max_in_flight, 1);
      EXPECT_LE(max_in_flight, static_cast<int>(kConcurrency)) << fixed.text;
    } else {
      EXPECT_EQ(max_in_flight, 1) << fixed.text;
    }
  }
}

std::vector<std::string> node_scripts() {
  std::vector<std::string> scripts;
  for (const auto& entry : fs::directory_iterator(kNodeFix / "scripts")) scripts.push_back(entry.path().filename());
  std::sort(scripts.begin(), scripts.end());
  return scripts;
}

std::string script_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fix, NodeFix, testing::ValuesIn(node_scripts()), script_name);

}  // namespace
}  // namespace fanout
