// read_source(): one file into one buffer, without ever blocking on a FIFO or
// a device, and telling binary files apart by a NUL byte.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "fanout/files.hpp"

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

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

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
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    return failure(ReadResult::Status::binary, "binary file (contains a NUL byte)");
  }
  return ReadResult{.status = ReadResult::Status::ok, .text = std::move(text), .error = {}};
}

}  // namespace fanout
