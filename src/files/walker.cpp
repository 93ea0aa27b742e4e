// Walks one root folder: git's own listing inside a work tree (so .gitignore,
// .git/info/exclude and core.excludesFile apply exactly as git applies them),
// the file system elsewhere.
#include "files/walker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "fanout/sources.hpp"
#include "files/git.hpp"

namespace fanout::files {

bool has_source_extension(std::string_view name) { return is_source_path(name); }

namespace {

constexpr std::string_view kGitlinkMode = "160000";

bool has_component(std::string_view rel, std::string_view name) {
  for (size_t pos = rel.find(name); pos != std::string_view::npos; pos = rel.find(name, pos + 1)) {
    bool starts = pos == 0 || rel[pos - 1] == '/';
    size_t end = pos + name.size();
    bool ends = end == rel.size() || rel[end] == '/';
    if (starts && ends) return true;
  }
  return false;
}

// Splits git's -z output; each record is passed without its NUL.
template <typename Fn>
void for_each_record(const std::string& out, Fn&& fn) {
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\0', start);
    if (end == std::string::npos) end = out.size();
    if (end > start) fn(std::string_view(out).substr(start, end - start));
    start = end + 1;
  }
}

std::string without_slash(const std::string& rel) {
  return rel.size() > 1 && rel.back() == '/' ? rel.substr(0, rel.size() - 1) : rel;
}

struct DirCloser {
  DIR* dir;
  ~DirCloser() {
    if (dir != nullptr) closedir(dir);
  }
};

}  // namespace

std::string RootWalker::open_path(const std::string& rel) const {
  std::string p = root_.path_prefix + rel;
  return p.empty() ? std::string(".") : p;
}

bool RootWalker::skipped_folder(std::string_view name) const {
  return (root_.skip_node_modules && name == "node_modules") ||
         (root_.skip_dot_git && name == ".git");
}

bool RootWalker::skipped_path(std::string_view rel) const {
  return (root_.skip_node_modules && has_component(rel, "node_modules")) ||
         (root_.skip_dot_git && has_component(rel, ".git"));
}

void RootWalker::add(const std::string& rel) {
  files_.push_back(SourcePath{.path = root_.path_prefix + rel, .display = root_.display_prefix + rel});
}

void RootWalker::run() {
  pending_.push_back(Item{.rel = "", .mode = root_.may_use_git ? Mode::git : Mode::fs_only});
  while (!pending_.empty()) {
    Item item = std::move(pending_.back());
    pending_.pop_back();
    if (item.mode == Mode::git) {
      if (list_with_git(item.rel, item.rel.empty())) continue;
      item.mode = Mode::fs_only;
    }
    read_folder(item.rel, item.mode);
  }
}

// git ls-files run in the folder: tracked files (never ignored, as in git) and
// untracked files that the exclude rules keep. Returns false when git has no
// answer (not installed, not a work tree) or the folder itself is ignored.
bool RootWalker::list_with_git(const std::string& rel, bool is_root) {
  if (!root_.may_use_git || !git_available()) return false;
  const std::string dir = open_path(rel);
  // run_git keeps fsmonitor, hooks and the rest of the repository's
  // configured commands from running.
  const std::vector<std::string> base = {"-C", dir, "ls-files", "-z"};
  auto with = [&](std::initializer_list<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra);
    return args;
  };
  std::string complaints;
  auto others = run_git(with({"--others", "--exclude-standard"}), GitCall{.err = &complaints});
  if (!others) return false;
  // --stage shows the mode, which tells submodules (gitlinks) from files.
  auto cached = run_git(with({"--cached", "--stage"}));
  if (!cached) return false;
  if (others->empty() && is_root) {
    // Nothing untracked may mean the folder itself is ignored; a folder the
    // user names is then walked in full, like a file named directly.
    int status = -1;
    run_git({"-C", dir, "check-ignore", "-q", "."}, &status);
    if (status == 0) return false;
  }

  // Folders git could not read (no permission, a path too long) would
  // silently hide their untracked files: reported as the plain walk does.
  report_unreadable_folders(rel, complaints);

  auto consider_file = [&](std::string_view name) {
    if (!has_source_extension(name)) return;
    std::string file = rel + std::string(name);
    if (skipped_path(file)) return;
    // A tracked file may be deleted in the work tree, and a symlink may point
    // to a folder: only what opens as a regular file is checked. One that
    // cannot even be looked at (a folder without permission) is an error.
    struct stat st;
    if (stat(open_path(file).c_str(), &st) == 0) {
      if (S_ISREG(st.st_mode)) add(file);
    } else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP) {
      errors_.push_back(PathError{.path = open_path(file), .message = std::string("cannot read: ") + std::strerror(errno)});
    }
  };
  auto consider_repo = [&](std::string_view name) {
    std::string folder = rel + std::string(name);
    if (folder.back() != '/') folder += '/';
    if (!skipped_path(folder)) pending_.push_back(Item{.rel = folder, .mode = Mode::git});
  };

  for_each_record(*others, [&](std::string_view name) {
    // git shows an untracked nested repository as "dir/" and does not enter it.
    if (name.back() == '/') {
      consider_repo(name);
    } else {
      consider_file(name);
    }
  });
  for_each_record(*cached, [&](std::string_view record) {
    auto tab = record.find('\t');
    if (tab == std::string_view::npos) return;
    auto name = record.substr(tab + 1);
    if (record.starts_with(kGitlinkMode)) {
      consider_repo(name);
    } else {
      consider_file(name);
    }
  });
  return true;
}

void RootWalker::report_unreadable_folders(const std::string& rel, std::string_view complaints) {
  // git (LC_ALL=C) writes `warning: could not open directory 'DIR/': REASON`,
  // cut at 4096 bytes: a name that long loses its end and the reason, which
  // is then the name's length (ENAMETOOLONG from 4096 bytes on).
  constexpr std::string_view kWarning = "warning: could not open directory '";
  for (auto at = complaints.find(kWarning); at != std::string_view::npos; at = complaints.find(kWarning, at + 1)) {
    const std::size_t start = at + kWarning.size();
    const std::size_t line_end = std::min(complaints.find('\n', start), complaints.size());
    const std::size_t quote = complaints.rfind("': ", line_end);
    std::string folder;
    std::string reason;
    if (quote != std::string_view::npos && quote >= start) {
      folder = rel + std::string(complaints.substr(start, quote - start));
      reason = std::string(complaints.substr(quote + 3, line_end - quote - 3));
    } else {
      const std::string_view shown = complaints.substr(start, line_end - start);
      folder = rel + std::string(shown.substr(0, shown.rfind('/') + 1)) + "...";
      reason = std::string(std::strerror(ENAMETOOLONG)) + " (git cut the name short)";
    }
    if (skipped_path(folder)) continue;
    errors_.push_back(PathError{.path = without_slash(open_path(folder)), .message = "cannot read folder: " + reason});
  }
}

void RootWalker::read_folder(const std::string& rel, Mode mode) {
  const std::string dir = open_path(rel);
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    errors_.push_back(PathError{.path = without_slash(dir),
                                .message = std::string("cannot read folder: ") + std::strerror(errno)});
    return;
  }
  struct stat st;
  // Device and inode of every folder read: bind mounts and a root named twice
  // through links cannot make the walk go round.
  if (fstat(fd, &st) != 0 || !visited_.emplace(st.st_dev, st.st_ino).second) {
    close(fd);
    return;
  }
  DirCloser closer{fdopendir(fd)};
  if (closer.dir == nullptr) {
    errors_.push_back(PathError{.path = without_slash(dir),
                                .message = std::string("cannot read folder: ") + std::strerror(errno)});
    close(fd);
    return;
  }

  struct Entry {
    std::string name;
    unsigned char type;
  };
  std::vector<Entry> entries;
  bool has_git = false;
  errno = 0;
  while (dirent* e = readdir(closer.dir)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (name == ".git") has_git = true;
    entries.push_back(Entry{.name = std::string(name), .type = e->d_type});
  }
  if (errno != 0) {
    errors_.push_back(PathError{.path = without_slash(dir),
                                .message = std::string("cannot read folder: ") + std::strerror(errno)});
  }
  // A repository found below a plain folder (or below an ignored one) keeps
  // its own ignore rules.
  if (mode == Mode::fs && has_git && list_with_git(rel, false)) return;

  const int dfd = dirfd(closer.dir);
  for (auto& entry : entries) {
    unsigned char type = entry.type;
    if (type == DT_UNKNOWN) {
      struct stat est;
      if (fstatat(dfd, entry.name.c_str(), &est, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(est.st_mode) ? DT_DIR : S_ISREG(est.st_mode) ? DT_REG : S_ISLNK(est.st_mode) ? DT_LNK : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      if (!skipped_folder(entry.name)) pending_.push_back(Item{.rel = rel + entry.name + "/", .mode = Mode::fs});
    } else if (type == DT_REG) {
      if (has_source_extension(entry.name)) add(rel + entry.name);
    } else if (type == DT_LNK && has_source_extension(entry.name)) {
      // Files are read through links; folder links are not followed (their
      // target is either walked under its own name or outside the root).
      struct stat lst;
      if (fstatat(dfd, entry.name.c_str(), &lst, 0) == 0 && S_ISREG(lst.st_mode)) add(rel + entry.name);
    }
  }
}

}  // namespace fanout::files
