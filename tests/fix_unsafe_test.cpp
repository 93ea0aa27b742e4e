// --fix applies only safe rewrites; --fix-unsafe also applies the ones that
// need a review (a `.then` chain on the combinator), and never the
// display-only suggestions (allSettled, a third callback parameter).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace fanout {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSource = R"(const { load } = require('./loader');

function chained(ids, done) {
  return Promise.all(ids.map((id) => load(id))).then(done);
}

async function settled(ids) {
  return Promise.allSettled(ids.map((id) => load(id)));
}

module.exports = { chained, settled };
)";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_fix(const fs::path& dir, const std::string& flags) {
  const std::string command = fmt::format("cd '{}' && '{}' check {} a.js >/dev/null 2>&1", dir.string(), FANOUT_BINARY, flags);
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST(FixUnsafe, OnlyWithTheFlag) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("fanout-unsafe-{}", getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "a.js", std::ios::binary) << kSource;

  run_fix(dir, "--fix");
  EXPECT_EQ(slurp(dir / "a.js"), kSource) << "--fix must not apply a review-only rewrite";

  EXPECT_EQ(run_fix(dir, "--fix --fix-unsafe"), 1) << "allSettled stays reported";
  const std::string fixed = slurp(dir / "a.js");
  EXPECT_NE(fixed.find("return Bluebird.mapSeries(ids, (id) => load(id)).then(done);"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("const Bluebird = require('bluebird');"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("Promise.allSettled(ids.map((id) => load(id)))"), std::string::npos) << fixed;

  run_fix(dir, "--fix --fix-unsafe");
  EXPECT_EQ(slurp(dir / "a.js"), fixed) << "a second run changes nothing";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fanout
