// discover(): the paths named on the command line, turned into the sorted,
// de-duplicated list of files to check (cli.md, `fanout check [PATH...]`).
//
// Decisions the issue left open:
// - A folder named on the command line that git ignores (`fanout check dist`)
//   is walked in full, as a file named directly is checked: naming it is the
//   user's override. node_modules and .git are still skipped below it.
// - A nested repository or submodule is entered and keeps its own ignore
//   rules (git ls-files run inside it), as ripgrep does; the outer
//   repository's .gitignore does not reach into it, as in git.
// - Folder symlinks are never followed below a root: the target is either
//   inside the root (walked under its own name, so no duplicates) or outside
//   it. A root that is itself a link is followed.
// - Paths with `..` are opened as given ("../lib/a.js"); the display form is
//   lexically normalised, relative when it lands under the working directory.
// - When git cannot answer (not installed, not a work tree, a repository it
//   refuses as unsafe), the file system is walked without ignore rules.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "fanout/files.hpp"
#include "files/display.hpp"
#include "files/walker.hpp"

namespace fanout {
namespace {

bool has_component(const std::string& path, std::string_view name) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (std::string_view(path).substr(start, end - start) == name) return true;
    start = end + 1;
  }
  return false;
}

// The prefix joined to every path found under the root: "src/" for "src",
// "src/", "./src" or ".//src"; "" for "." so found files read "a.js".
std::string path_prefix(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  while (s.starts_with("./")) {
    s.erase(0, 2);
    while (s.starts_with("/")) s.erase(0, 1);
  }
  if (s.empty() || s == ".") return "";
  if (s == "/") return s;
  return s + "/";
}

std::string real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> real(realpath(path.c_str(), nullptr), &std::free);
  return real ? std::string(real.get()) : std::string();
}

void walk_root(const std::string& given, const files::DisplayBase& base, Discovery& out) {
  std::string shown = base.display(given);
  std::string lexical = base.absolute(given);
  std::string real = real_path(given);
  // The user named node_modules or .git (or a folder inside them): that is
  // the one way in, and then nothing below is skipped for being one.
  bool in_node_modules = has_component(lexical, "node_modules") || has_component(real, "node_modules");
  bool in_dot_git = has_component(lexical, ".git") || has_component(real, ".git");
  files::RootWalker::Root root{
      .path_prefix = path_prefix(given),
      .display_prefix = shown == "." ? "" : shown == "/" ? shown : shown + "/",
      .skip_node_modules = !in_node_modules,
      .skip_dot_git = !in_dot_git,
      // Inside .git, `git ls-files` lists the work tree, not this folder.
      .may_use_git = !in_dot_git,
  };
  files::RootWalker(std::move(root), out.files, out.errors).run();
}

}  // namespace

Discovery discover(const std::vector<std::string>& paths) {
  static const std::vector<std::string> kCurrent = {"."};
  const auto& roots = paths.empty() ? kCurrent : paths;
  const files::DisplayBase base;
  Discovery out;
  for (const auto& given : roots) {
    if (given.empty()) {
      out.errors.push_back(PathError{.path = given, .message = "empty path"});
      continue;
    }
    struct stat st;
    if (stat(given.c_str(), &st) != 0) {
      out.errors.push_back(PathError{.path = given, .message = std::strerror(errno)});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      walk_root(given, base, out);
    } else {
      // Named directly: checked whatever its ending (cli.md); read_source
      // refuses what is not a regular file with its own message.
      out.files.push_back(SourcePath{.path = given, .display = base.display(given)});
    }
  }
  std::stable_sort(out.files.begin(), out.files.end(),
                   [](const SourcePath& a, const SourcePath& b) { return a.display < b.display; });
  auto dup = std::unique(out.files.begin(), out.files.end(),
                         [](const SourcePath& a, const SourcePath& b) { return a.display == b.display; });
  out.files.erase(dup, out.files.end());
  return out;
}

}  // namespace fanout
