// examples/ are what we show users: the end-to-end run must print exactly the
// expected output kept beside each example, and the README must quote it.
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

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Examples, OrdersServiceOutputMatchesExpected) {
  const fs::path out = fs::temp_directory_path() / fmt::format("fanout-example-{}.txt", getpid());
  const std::string command = fmt::format("cd '{}' && env -u CI -u FORCE_COLOR NO_COLOR=1 '{}' check examples/ > '{}'",
                                          FANOUT_SOURCE_DIR, FANOUT_BINARY, out.string());
  const int raw = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 1) << "the example has findings at error level";
  const std::string expected = slurp(fs::path(FANOUT_SOURCE_DIR) / "examples/orders-service/expected.txt");
  EXPECT_EQ(slurp(out), expected);
  fs::remove(out);
  EXPECT_NE(slurp(fs::path(FANOUT_SOURCE_DIR) / "README.md").find(expected), std::string::npos)
      << "README.md must quote examples/orders-service/expected.txt";
}

}  // namespace
}  // namespace fanout
