// --fix applies only safe rewrites; --fix-unsafe also applies the ones that
// need a review (a `.then` chain on the combinator), and never the
// display-only suggestions (allSettled, a third callback parameter).
#include <gtest/gtest.h>

#include "run_support.hpp"

namespace fanout {
namespace {

using testing::read_file;

constexpr const char* kSource = R"(const { load } = require('./loader');

function chained(ids, done) {
  return Promise.all(ids.map((id) => load(id))).then(done);
}

async function settled(ids) {
  return Promise.allSettled(ids.map((id) => load(id)));
}

module.exports = { chained, settled };
)";

int run_fix(const testing::TempDir& dir, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"check", "--fix-style", "bluebird"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back("a.js");
  return testing::run_fanout(args, {.cwd = dir.path()}).exit_code;
}

TEST(FixUnsafe, OnlyWithTheFlag) {
  const testing::TempDir dir("fanout-unsafe");
  dir.write("a.js", kSource);

  run_fix(dir, {"--fix"});
  EXPECT_EQ(read_file(dir.path() / "a.js"), kSource) << "--fix must not apply a review-only rewrite";

  EXPECT_EQ(run_fix(dir, {"--fix", "--fix-unsafe"}), 1) << "allSettled stays reported";
  const std::string fixed = read_file(dir.path() / "a.js");
  EXPECT_NE(fixed.find("return Bluebird.mapSeries(ids, (id) => load(id)).then(done);"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("const Bluebird = require('bluebird');"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("Promise.allSettled(ids.map((id) => load(id)))"), std::string::npos) << fixed;

  run_fix(dir, {"--fix", "--fix-unsafe"});
  EXPECT_EQ(read_file(dir.path() / "a.js"), fixed) << "a second run changes nothing";
}

}  // namespace
}  // namespace fanout
