// Writes a fixed file without ever losing data: refuse when the file changed
// since it was read, when it lies outside the checked folders or has other
// names (hard links); write a temporary file beside it, keep its mode, then
// rename over it; a failure at any step leaves the original untouched.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "fanout/fix.hpp"
#include "files/temporary.hpp"

namespace fanout {

namespace {

std::optional<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(buffer).str();
}

bool permission_error(int error) { return error == EACCES || error == EPERM || error == EROFS; }

bool under(const std::filesystem::path& path, const std::filesystem::path& folder) {
  const auto relative = path.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != "..";
}

// Each folder a run writes into is cleared of the temporary files a killed
// run left there, once per run.
void clear_leftovers(const std::filesystem::path& folder) {
  static std::mutex mutex;
  static std::set<std::string> cleared;
  const std::lock_guard lock(mutex);
  if (cleared.insert(folder.string()).second) files::remove_stale_temporaries(folder.string());
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& original,
                                                 const std::string& text, const std::vector<std::string>& roots) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Through a symlink, the link stays and its target gets the new text, but
  // only a target inside the checked folders: a committed link must not make
  // --fix rewrite a file elsewhere on the machine.
  const fs::path target = fs::canonical(path, ec);
  if (ec) return fmt::format("cannot fix `{}`: {}", path, ec.message());
  if (!roots.empty() &&
      std::none_of(roots.begin(), roots.end(), [&](const std::string& root) { return under(target, root); })) {
    return fmt::format("`{}` leads to `{}`, outside the checked folders; not fixed", path, target.string());
  }
  const auto unchanged = [&] {
    const auto current = read_all(target.string());
    return current && *current == original;
  };
  if (!unchanged()) return fmt::format("`{}` changed on disk since it was read; not fixed", path);

  struct stat info {};
  if (::stat(target.c_str(), &info) != 0) return fmt::format("cannot fix `{}`: {}", path, std::strerror(errno));
  // Renaming would replace a read-only file anyway, even for root; its mode
  // says not to, and so does a folder without write permission.
  if ((info.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0) {
    return fmt::format("cannot fix `{}`: the file is read-only", path);
  }
  // Renaming over a file with other names (hard links) would leave those
  // names with the old text: refused rather than silently split.
  if (info.st_nlink > 1) {
    return fmt::format("cannot fix `{}`: it has {} hard links, which a rewrite would separate; fix it by hand",
                       path, info.st_nlink);
  }
  struct stat folder {};
  if (::stat(target.parent_path().c_str(), &folder) == 0 && (folder.st_mode & 0222) == 0) {
    return fmt::format("cannot fix `{}`: its folder `{}` is read-only", path, target.parent_path().string());
  }

  clear_leftovers(target.parent_path());
  std::string temp;
  const int fd = files::create_temporary(target.string(), temp);
  if (fd < 0) {
    const int error = errno;
    if (permission_error(error)) {
      return fmt::format("cannot fix `{}`: its folder `{}` is read-only ({})", path,
                         target.parent_path().string(), std::strerror(error));
    }
    return fmt::format("cannot fix `{}`: cannot create a temporary file beside it ({})", path, std::strerror(error));
  }
  const auto fail = [&](std::string_view step, bool open) {
    const int error = errno;
    if (open) ::close(fd);
    ::unlink(temp.c_str());
    return fmt::format("cannot fix `{}`: {} failed ({}); the file is unchanged", path, step, std::strerror(error));
  };
  if (!files::write_all(fd, text)) return fail("writing the temporary file", true);
  if (::fchmod(fd, info.st_mode & 07777) != 0) return fail("keeping the file mode", true);
  // Only a privileged run can keep another user's ownership; others already own the file.
  if (::geteuid() == 0 && ::fchown(fd, info.st_uid, info.st_gid) != 0) {
    // Ownership is best effort; the mode above is what guards the file.
  }
  if (::fsync(fd) != 0) return fail("flushing the temporary file", true);
  if (::close(fd) != 0) return fail("closing the temporary file", false);
  // Checked again just before the rename: an editor may have saved meanwhile.
  if (!unchanged()) {
    ::unlink(temp.c_str());
    return fmt::format("`{}` changed on disk since it was read; not fixed", path);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) return fail("replacing the file", false);
  // Make the rename itself durable; failing here loses nothing.
  const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    if (::fsync(dir) != 0) {
      // The data is written and renamed; only durability across a crash is weaker.
    }
    ::close(dir);
  }
  return std::nullopt;
}

}  // namespace fanout
