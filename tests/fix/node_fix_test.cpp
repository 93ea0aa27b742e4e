// End to end: scripts in tests/node-fix/scripts run with Node before and
// after --fix in each style; the rewrite must keep their results and bound
// the calls in flight (1 in series, at most the concurrency with p-map).
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

const fs::path kNodeFix = fs::path(FANOUT_SOURCE_DIR) / "tests/node-fix";

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

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

nlohmann::json run_script(const fs::path& script) {
  const Run run = run_command(fmt::format("cd {} && node {} 2>&1", quoted(script.parent_path()), quoted(script)));
  EXPECT_EQ(run.status, 0) << script << " failed:\n" << run.output;
  const auto json = nlohmann::json::parse(run.output, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << "not JSON:\n" << run.output;
  return json;
}

struct NodeCase {
  std::string script;
  std::string style;
  friend void PrintTo(const NodeCase& c, std::ostream* os) { *os << c.style << " " << c.script; }
};

class NodeFix : public testing::TestWithParam<NodeCase> {
 protected:
  void SetUp() override {
    if (run_command("command -v node >/dev/null 2>&1").status != 0) {
      GTEST_SKIP() << "node is not installed: the end-to-end fix test needs Node.js";
    }
    if (!fs::exists(kNodeFix / "node_modules/bluebird") || !fs::exists(kNodeFix / "node_modules/p-map")) {
      GTEST_SKIP() << "bluebird and p-map are not installed: run "
                      "`(cd tests/node-fix && npm ci --ignore-scripts --no-audit --no-fund)`";
    }
    dir_ = fs::temp_directory_path() / fmt::format("fanout-node-fix-{}-{}", ::getpid(), counter_++);
    fs::create_directories(dir_);
    // A node_modules link beside the script serves `require` and ESM `import` alike.
    fs::create_directory_symlink(kNodeFix / "node_modules", dir_ / "node_modules");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  fs::path dir_;
  static inline int counter_ = 0;
};

TEST_P(NodeFix, KeepsResultsAndBoundsConcurrency) {
  const auto& [script, style] = GetParam();
  const fs::path path = dir_ / script;
  fs::copy_file(kNodeFix / "scripts" / script, path);
  const nlohmann::json before = run_script(path);
  ASSERT_GT(before.value("maxInFlight", 0), 1) << "the script must fan out to be a test";

  const std::string original = fixtest::read_text(path);
  AnalysisOptions options = fixtest::options_for(style, dir_.string());
  options.fix.concurrency = 4;
  const auto fixed = fixtest::fix_until_stable(path.string(), original, options);
  ASSERT_NE(fixed.text, original) << "nothing was rewritten";
  ASSERT_EQ(write_file_atomically(path.string(), original, fixed.text), std::nullopt);

  const nlohmann::json after = run_script(path);
  EXPECT_EQ(after["results"], before["results"]) << "rewritten script:\n" << fixed.text;
  const int max_in_flight = after.value("maxInFlight", 0);
  if (style == "p-map") {
    EXPECT_GE(max_in_flight, 1);
    EXPECT_LE(max_in_flight, 4) << fixed.text;
  } else {
    EXPECT_EQ(max_in_flight, 1) << fixed.text;
  }
}

std::vector<NodeCase> node_cases() {
  std::vector<NodeCase> cases;
  for (const char* script : {"cjs-orders.js", "esm-feeds.mjs"}) {
    for (const char* style : {"bluebird", "p-map", "for-of"}) cases.push_back({script, style});
  }
  return cases;
}

std::string node_case_name(const testing::TestParamInfo<NodeCase>& info) {
  std::string name = info.param.style + "_" + info.param.script;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fix, NodeFix, testing::ValuesIn(node_cases()), node_case_name);

}  // namespace
}  // namespace fanout
