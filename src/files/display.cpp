// display_path(): relative to the working directory when under it, else
// absolute; always with '/' separators and no leading "./".
#include "files/display.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "fanout/files.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;

std::string normal(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::optional<std::string> relative_to(const std::string& path, const std::string& base) {
  if (path == base) return std::string(".");
  if (base == "/") return path.substr(1);
  if (path.size() > base.size() && path.starts_with(base) && path[base.size()] == '/') {
    return path.substr(base.size() + 1);
  }
  return std::nullopt;
}

bool same_folder(const char* a, const char* b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

DisplayBase::DisplayBase() {
  std::error_code ec;
  auto cwd = fs::current_path(ec);
  if (ec) return;
  cwds_.push_back(normal(cwd));
  // The shell's logical directory keeps the user's spelling when the working
  // directory is reached through a symlink.
  const char* pwd = std::getenv("PWD");
  if (pwd != nullptr && pwd[0] == '/' && same_folder(pwd, ".")) {
    auto logical = normal(pwd);
    if (logical != cwds_.front()) cwds_.push_back(logical);
  }
}

std::string DisplayBase::absolute(const std::string& path) const {
  fs::path p(path);
  if (p.is_absolute()) return normal(p);
  if (cwds_.empty()) return "";
  return normal(fs::path(cwds_.front()) / p);
}

std::optional<std::string> DisplayBase::under_cwd(const std::string& normal_path) const {
  for (const auto& cwd : cwds_) {
    if (auto rel = relative_to(normal_path, cwd)) return rel;
  }
  return std::nullopt;
}

std::string DisplayBase::display(const std::string& path) const {
  if (path.empty()) return path;
  std::string abs = absolute(path);
  if (abs.empty()) return normal(path);  // no working directory: keep the path's own form
  if (auto rel = under_cwd(abs)) return *rel;
  // Spelt through a symlinked folder (/tmp vs /private/tmp): resolve the
  // folder part only, so a linked file keeps its own name.
  fs::path p(abs);
  std::error_code ec;
  auto parent = fs::weakly_canonical(p.parent_path(), ec);
  if (!ec) {
    if (auto rel = relative_to(normal(parent / p.filename()), cwds_.front())) return *rel;
  }
  return abs;
}

}  // namespace fanout::files

namespace fanout {

std::string display_path(const std::string& path) { return files::DisplayBase().display(path); }

}  // namespace fanout
