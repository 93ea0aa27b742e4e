// How paths are shown (src/files/ internal).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fanout::files {

/// The working directory captured once, so a walk of thousands of files
/// computes it once; display() maps a path to its display form.
class DisplayBase {
 public:
  DisplayBase();
  std::string display(const std::string& path) const;
  /// The lexically normal absolute form of `path` ("" if the cwd is unknown).
  std::string absolute(const std::string& path) const;

 private:
  std::optional<std::string> under_cwd(const std::string& normal) const;
  std::vector<std::string> cwds_;   ///< getcwd() first, then $PWD when it names the same folder
};

}  // namespace fanout::files
