// A temporary folder tree for end-to-end tests of configuration discovery,
// suppressions and the baseline, and a way to run the built binary in it.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace fanout::testing {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

/// A fresh folder with a `.git` marker (a repository root for discovery) and
/// files written into it; removed at the end.
class TempTree {
 public:
  TempTree() {
    std::string pattern = (fs::temp_directory_path() / "fanout-tree-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    tree_ = root_ / "repo";
    fs::create_directories(tree_ / ".git");
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const fs::path& path() const { return tree_; }
  fs::path operator/(std::string_view relative) const { return tree_ / relative; }

  void write(std::string_view relative, std::string_view text) const {
    const fs::path file = tree_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  std::string read(std::string_view relative) const { return slurp(tree_ / relative); }

  /// Runs `fanout ARGS` (shell text) in `folder` under the tree.
  Run fanout(const std::string& args, std::string_view folder = "") const {
    const std::string command = fmt::format(
        "cd '{}' && env -u CI -u FORCE_COLOR -u NO_COLOR '{}' {} >'{}' 2>'{}'", (tree_ / folder).string(),
        FANOUT_BINARY, args, (root_ / "out").string(), (root_ / "err").string());
    const int raw = std::system(command.c_str());
    return Run{.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1,
               .out = slurp(root_ / "out"),
               .err = slurp(root_ / "err")};
  }

 private:
  fs::path root_;
  fs::path tree_;
};

/// The code blocks tagged `language` in the `## section` of the README, so
/// that tests run exactly what users copy.
inline std::vector<std::string> readme_blocks(std::string_view section, std::string_view language) {
  const std::string text = slurp(fs::path(FANOUT_SOURCE_DIR) / "README.md");
  const std::string heading = fmt::format("\n## {}\n", section);
  auto at = text.find(heading);
  if (at == std::string::npos) return {};
  const auto end = text.find("\n## ", at + heading.size());
  const std::string_view body = std::string_view(text).substr(at, end == std::string::npos ? std::string::npos : end - at);
  const std::string fence = fmt::format("```{}\n", language);
  std::vector<std::string> blocks;
  for (auto open = body.find(fence); open != std::string_view::npos; open = body.find(fence, open + 1)) {
    const auto start = open + fence.size();
    const auto close = body.find("```", start);
    if (close == std::string_view::npos) break;
    blocks.emplace_back(body.substr(start, close - start));
    open = close;
  }
  return blocks;
}

/// gmock is not linked: a predicate prints both strings on failure.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace fanout::testing
