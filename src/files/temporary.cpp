#include "files/temporary.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <charconv>
#include <filesystem>

#include <fmt/format.h>

namespace fanout::files {
namespace {

constexpr std::string_view kMark = ".fanout-";
constexpr std::string_view kSuffix = ".tmp";

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

int create_temporary(const std::string& target, std::string& path) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path where(target);
  for (int attempt = 0; attempt < 64; ++attempt) {
    path = (where.parent_path() / fmt::format(".{}{}{}-{}{}", where.filename().string(), kMark,
                                              static_cast<long>(::getpid()), counter++, kSuffix))
               .string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

bool write_all(int fd, std::string_view text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> replace_file(const std::string& target, std::string_view text, mode_t mode) {
  std::string temp;
  const int fd = create_temporary(target, temp);
  if (fd < 0) return std::strerror(errno);
  int error = 0;
  if (!write_all(fd, text) || ::fchmod(fd, mode) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), target.c_str()) != 0) error = errno;
  if (error == 0) return std::nullopt;
  ::unlink(temp.c_str());
  return std::strerror(error);
}

std::optional<pid_t> temporary_owner(std::string_view name) {
  // `.<name>.fanout-<pid>-<n>.tmp`
  if (!name.starts_with('.') || !name.ends_with(kSuffix)) return std::nullopt;
  name.remove_suffix(kSuffix.size());
  const auto dash = name.rfind('-');
  const auto mark = name.rfind(kMark);
  if (dash == std::string_view::npos || mark == std::string_view::npos || mark == 0 || dash <= mark + kMark.size()) {
    return std::nullopt;
  }
  const std::string_view pid_text = name.substr(mark + kMark.size(), dash - mark - kMark.size());
  const std::string_view count_text = name.substr(dash + 1);
  long pid = 0;
  unsigned long count = 0;
  if (std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid).ptr != pid_text.data() + pid_text.size() ||
      std::from_chars(count_text.data(), count_text.data() + count_text.size(), count).ptr !=
          count_text.data() + count_text.size() ||
      pid <= 0 || count_text.empty()) {
    return std::nullopt;
  }
  return static_cast<pid_t>(pid);
}

std::size_t remove_stale_temporaries(const std::string& folder) {
  DIR* dir = ::opendir(folder.empty() ? "." : folder.c_str());
  if (dir == nullptr) return 0;
  std::size_t removed = 0;
  const int fd = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    const auto owner = temporary_owner(entry->d_name);
    if (!owner || *owner == ::getpid() || process_alive(*owner)) continue;
    // Only regular files: a folder or link with such a name is not ours.
    if (entry->d_type != DT_REG && entry->d_type != DT_UNKNOWN) continue;
    if (::unlinkat(fd, entry->d_name, 0) == 0) ++removed;
  }
  ::closedir(dir);
  return removed;
}

}  // namespace fanout::files
