// The LSP base protocol: JSON-RPC messages framed by `Content-Length` headers
// on a byte stream. Bad framing is skipped, never fatal.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace fanout::lsp {

/// A message larger than this is read and thrown away (a document this big is
/// far beyond what analysis accepts anyway).
inline constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;

/// Reads framed message bodies from a file descriptor (one thread).
class MessageReader {
 public:
  explicit MessageReader(int fd) : fd_(fd) {}

  /// The next message's body; nullopt at end of input.
  std::optional<std::string> next();

 private:
  bool fill();
  std::optional<std::string> header_line();
  bool skip(std::size_t bytes);

  int fd_;
  std::string buffer_;
  std::size_t at_ = 0;  ///< how much of buffer_ is consumed
  bool eof_ = false;
};

/// Writes framed messages to a file descriptor; safe to call from any thread.
class MessageWriter {
 public:
  explicit MessageWriter(int fd) : fd_(fd) {}
  void send(const nlohmann::json& message);

 private:
  std::mutex mutex_;
  int fd_;
  bool broken_ = false;  ///< the client went away: nothing more is written
};

}  // namespace fanout::lsp
