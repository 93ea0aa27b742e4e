// read_source(): one file into one buffer, without ever blocking on a FIFO or
// a device, and telling binary files apart (is_binary).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fanout/files.hpp"
#include "files/own_file.hpp"

namespace fanout {
namespace {

ReadResult failure(ReadResult::Status status, std::string why) {
  return ReadResult{.status = status, .text = {}, .error = std::move(why)};
}

ReadResult from_errno(int err) { return failure(ReadResult::Status::error, std::strerror(err)); }

ReadResult too_large(std::uint64_t size) {
  const auto mib = [](std::uint64_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20); };
  return failure(ReadResult::Status::too_large,
                 "file is larger than " + mib(kMaxSourceBytes) + " MiB (" + mib(size) + " MiB)");
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return std::strerror(EISDIR);
  if (S_ISFIFO(mode)) return "not a regular file (named pipe)";
  if (S_ISCHR(mode)) return "not a regular file (character device)";
  if (S_ISBLK(mode)) return "not a regular file (block device)";
  if (S_ISSOCK(mode)) return "not a regular file (socket)";
  return "not a regular file";
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || (length == 2 && c < 0xC2)) return false;
    if (i + length > s.size()) return true;  // cut by the sample's end
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// A NUL byte alone does not make a file binary: a JavaScript string or
// comment may hold one. Binary data shows itself at its start (magic
// numbers, length fields): many control bytes, or bytes that are not UTF-8.
bool looks_like_text(std::string_view text) {
  constexpr std::size_t kSample = 8192;
  const std::string_view sample = text.substr(0, kSample);
  std::size_t controls = 0;
  for (const char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) ++controls;
  }
  return controls * 16 <= sample.size() && valid_utf8(sample);
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// Reads an open regular file to its end, refusing more than `limit` bytes
// (a file growing while read included). Returns errno, or 0.
int read_to_end(int fd, std::size_t size_hint, std::size_t limit, std::string& text, bool& too_big) {
  too_big = false;
  text.resize(std::min(size_hint, limit) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) text.resize(text.size() * 2);
    const ssize_t n = read(fd, text.data() + used, text.size() - used);
    if (n > 0) {
      used += static_cast<std::size_t>(n);
      if (used > limit) {
        too_big = true;
        return 0;
      }
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      return errno;
    }
  }
  text.resize(used);
  return 0;
}

bool is_under(const std::string& path, const std::string& folder) {
  if (folder == "/") return true;
  return path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
}

std::string real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> real(realpath(path.c_str(), nullptr), &std::free);
  return real ? std::string(real.get()) : std::string();
}

}  // namespace

bool is_binary(std::string_view text) {
  return std::memchr(text.data(), '\0', text.size()) != nullptr && !looks_like_text(text);
}

namespace files {

std::string size_limit_text(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

OwnFile read_own_file(const std::string& path, std::size_t max_bytes, const std::string& within) {
  const auto refused = [](std::string why) {
    return OwnFile{.status = OwnFile::Status::refused, .text = {}, .error = std::move(why)};
  };
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return OwnFile{.status = OwnFile::Status::missing, .text = {}, .error = std::strerror(err)};
    return refused(std::strerror(err));
  }
  // The real path decides: a link, or a folder on the way that is one, may
  // lead out of the repository (`extends: "/etc/passwd"`, a committed link).
  std::string open_path = path;
  if (!within.empty() || S_ISLNK(st.st_mode)) {
    const std::string real = real_path(path);
    if (real.empty()) {
      const int err = errno;
      if (S_ISLNK(st.st_mode) && err == ENOENT) return refused("a symbolic link to a missing file");
      return refused(std::strerror(err));
    }
    if (!within.empty()) {
      std::string boundary = real_path(within);
      if (boundary.empty()) boundary = within;
      if (real != boundary && !is_under(real, boundary)) {
        return refused(fmt::format("{} `{}`, outside `{}`; fanout reads its own files only inside the repository",
                                   S_ISLNK(st.st_mode) ? "a symbolic link to" : "resolves to", real, boundary));
      }
    }
    open_path = real;
    if (stat(open_path.c_str(), &st) != 0) return refused(std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return refused("is a folder");
  if (!S_ISREG(st.st_mode)) return refused(kind_of(st.st_mode));
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return refused(fmt::format("larger than {}, the limit for this file", size_limit_text(max_bytes)));
  }
  // O_NOFOLLOW and O_NONBLOCK: a file swapped for a link or a FIFO after the
  // checks above is refused, not followed or waited on.
  Fd file{open(open_path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) return refused(std::strerror(errno));
  if (fstat(file.fd, &st) != 0) return refused(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return refused(kind_of(st.st_mode));
  const int flags = fcntl(file.fd, F_GETFL);
  if (flags >= 0) fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);
  OwnFile out;
  bool too_big = false;
  if (const int err = read_to_end(file.fd, static_cast<std::size_t>(st.st_size), max_bytes, out.text, too_big)) {
    return refused(std::strerror(err));
  }
  if (too_big) return refused(fmt::format("larger than {}, the limit for this file", size_limit_text(max_bytes)));
  return out;
}

}  // namespace files

ReadResult read_source(const std::string& path, std::string buffer) {
  // stat first: opening some devices has effects (a tape rewinds), so they
  // are refused before open. fstat below closes the race with a swapped file.
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return from_errno(errno);
  if (!S_ISREG(st.st_mode)) return failure(ReadResult::Status::error, kind_of(st.st_mode));

  // O_NONBLOCK: a file swapped for a FIFO after stat must not hang the open.
  Fd file{open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) return from_errno(errno);
  if (fstat(file.fd, &st) != 0) return from_errno(errno);
  if (!S_ISREG(st.st_mode)) return failure(ReadResult::Status::error, kind_of(st.st_mode));
  // Checked before allocating: a multi-gigabyte log named `.js` must not be read.
  if (static_cast<std::uint64_t>(st.st_size) > kMaxSourceBytes) return too_large(static_cast<std::uint64_t>(st.st_size));
  // Regular file confirmed: blocking reads are now the normal, safe kind.
  int flags = fcntl(file.fd, F_GETFL);
  if (flags >= 0) fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);

  // One spare byte beyond st_size shows a file that grew while being read;
  // the loop then keeps reading until end of file.
  std::string text = std::move(buffer);
  text.resize(static_cast<size_t>(st.st_size) + 1);
  size_t used = 0;
  for (;;) {
    if (used == text.size()) text.resize(text.size() * 2);
    ssize_t n = read(file.fd, text.data() + used, text.size() - used);
    if (n > 0) {
      used += static_cast<size_t>(n);
      // A file that keeps growing while it is read is bounded the same way.
      if (used > kMaxSourceBytes) return too_large(used);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      return from_errno(errno);
    }
  }
  text.resize(used);  // also right when the file shrank
  return read_text(std::move(text));
}

ReadResult read_text(std::string text) {
  if (text.size() > kMaxSourceBytes) return too_large(text.size());
  if (is_binary(text)) {
    return failure(ReadResult::Status::binary, "binary file (contains a NUL byte)");
  }
  return ReadResult{.status = ReadResult::Status::ok, .text = std::move(text), .error = {}};
}

}  // namespace fanout
