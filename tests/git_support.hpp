// Running real git in a test's repository (tests of src/files/ that compare
// fanout's own reading of a repository with git's).
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

namespace fanout::testing {

/// What git prints for `args` (shell words) run in `dir`, or "" when it
/// fails. Commits get a fixed author, and no user or system config is read.
inline std::string git_in(const std::filesystem::path& dir, const std::string& args) {
  const std::string command = "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C '" + dir.string() +
                              "' -c user.name=fanout -c user.email=fanout@example.com " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  if (pclose(pipe) != 0) return "";
  return out;
}

/// git_in()'s first line: an object id, a ref.
inline std::string git_line(const std::filesystem::path& dir, const std::string& args) {
  const std::string out = git_in(dir, args);
  return out.substr(0, out.find('\n'));
}

}  // namespace fanout::testing
