// Writes a fixed file without ever losing data: refuse when the file changed
// since it was read, write a temporary file beside it, keep its mode, then
// rename over it; a failure at any step leaves the original untouched.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "fanout/fix.hpp"

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

// Creates a fresh file next to `target`; O_EXCL so nothing existing is reused.
int create_temporary(const std::filesystem::path& target, std::string& temp) {
  static unsigned counter = 0;
  for (int attempt = 0; attempt < 64; ++attempt) {
    temp = (target.parent_path() /
            fmt::format(".{}.fanout-{}-{}.tmp", target.filename().string(), static_cast<long>(::getpid()), counter++))
               .string();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& original,
                                                 const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Through a symlink, the link stays and its target gets the new text.
  const fs::path target = fs::canonical(path, ec);
  if (ec) return fmt::format("cannot fix `{}`: {}", path, ec.message());
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
  struct stat folder {};
  if (::stat(target.parent_path().c_str(), &folder) == 0 && (folder.st_mode & 0222) == 0) {
    return fmt::format("cannot fix `{}`: its folder `{}` is read-only", path, target.parent_path().string());
  }

  std::string temp;
  const int fd = create_temporary(target, temp);
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
  if (!write_all(fd, text)) return fail("writing the temporary file", true);
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
