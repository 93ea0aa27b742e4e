// Walking one folder named on the command line (src/files/ internal).
#pragma once

#include <sys/types.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fanout/files.hpp"

namespace fanout::files {

/// True for the endings of the source table (include/fanout/sources.hpp).
bool has_source_extension(std::string_view name);

/// The files under one root folder. Inside a git work tree git decides what is
/// ignored; elsewhere the file system is read directly. Folder symlinks are
/// never followed below the root (see README.md).
class RootWalker {
 public:
  struct Root {
    std::string path_prefix;      ///< "" for the working directory, else "given/"
    std::string display_prefix;   ///< "" when the root is the working directory, else "shown/"
    bool skip_node_modules = true;
    bool skip_dot_git = true;
    bool may_use_git = true;      ///< false inside a .git folder, where git lists the wrong tree
  };

  RootWalker(Root root, std::vector<SourcePath>& files, std::vector<PathError>& errors)
      : root_(std::move(root)), files_(files), errors_(errors) {}

  void run();

 private:
  enum class Mode {
    git,          ///< ask git first (root, nested repository, submodule)
    fs,           ///< read the folder; ask git only if it holds a .git entry
    fs_only,      ///< git was asked already and had no answer
  };
  struct Item {
    std::string rel;   ///< relative to the root, "" or ending in '/'
    Mode mode;
  };

  bool list_with_git(const std::string& rel, bool is_root);
  void report_unreadable_folders(const std::string& rel, std::string_view complaints);
  void read_folder(const std::string& rel, Mode mode);
  bool skipped_folder(std::string_view name) const;
  bool skipped_path(std::string_view rel) const;
  void add(const std::string& rel);
  std::string open_path(const std::string& rel) const;

  Root root_;
  std::vector<SourcePath>& files_;
  std::vector<PathError>& errors_;
  std::vector<Item> pending_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace fanout::files
