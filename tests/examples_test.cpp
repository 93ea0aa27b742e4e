// examples/ are what we show users: the end-to-end run must print exactly the
// expected output kept beside each example, and the README must quote it.
#include <gtest/gtest.h>

#include <filesystem>

#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using testing::read_file;

TEST(Examples, OrdersServiceOutputMatchesExpected) {
  // --no-color wins over a FORCE_COLOR the test runner may have set.
  const auto run = testing::run_fanout({"check", "--no-color", "examples/"}, {.cwd = FANOUT_SOURCE_DIR});
  EXPECT_EQ(run.exit_code, 1) << "the example has findings at error level\n" << run.err;
  const std::string expected = read_file(fs::path(FANOUT_SOURCE_DIR) / "examples/orders-service/expected.txt");
  EXPECT_EQ(run.out, expected);
  EXPECT_NE(read_file(fs::path(FANOUT_SOURCE_DIR) / "README.md").find(expected), std::string::npos)
      << "README.md must quote examples/orders-service/expected.txt";
}

}  // namespace
}  // namespace fanout
