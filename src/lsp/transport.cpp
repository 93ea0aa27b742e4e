#include "lsp/transport.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "lsp/log.hpp"

namespace fanout::lsp {
namespace {

// Header lines are short ("Content-Length: 123"); a longer one is garbage.
constexpr std::size_t kMaxHeaderLine = 8192;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

bool MessageReader::fill() {
  if (eof_) return false;
  if (at_ > 0 && at_ == buffer_.size()) {
    buffer_.clear();
    at_ = 0;
  } else if (at_ > (std::size_t{1} << 20)) {
    buffer_.erase(0, at_);
    at_ = 0;
  }
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

// One header line without its terminator; nullopt at end of input. Overlong
// lines are dropped whole (and read as an empty name, which is ignored).
std::optional<std::string> MessageReader::header_line() {
  bool overlong = false;
  for (;;) {
    const std::size_t newline = buffer_.find('\n', at_);
    if (newline != std::string::npos) {
      std::string line = overlong ? std::string("?") : buffer_.substr(at_, newline - at_);
      at_ = newline + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (buffer_.size() - at_ > kMaxHeaderLine) {
      if (!overlong) log("skipping an overlong header line (garbage on the input?)");
      overlong = true;
      at_ = buffer_.size();
    }
    if (!fill()) return std::nullopt;
  }
}

bool MessageReader::skip(std::size_t bytes) {
  while (bytes > 0) {
    if (at_ == buffer_.size() && !fill()) return false;
    const std::size_t n = std::min(bytes, buffer_.size() - at_);
    at_ += n;
    bytes -= n;
  }
  return true;
}

std::optional<std::string> MessageReader::next() {
  // No valid Content-Length header (yet).
  constexpr std::size_t kNoLength = static_cast<std::size_t>(-1);
  for (;;) {
    std::size_t length = kNoLength;
    bool headers = false;
    // Headers up to an empty line; lines that are not `Name: value` are ignored.
    for (;;) {
      std::optional<std::string> line = header_line();
      if (!line) return std::nullopt;
      if (line->empty()) {
        if (headers) break;
        continue;  // a blank line between messages, or before any header
      }
      const std::size_t colon = line->find(':');
      if (colon == std::string::npos) continue;
      if (!equals_ignoring_case(trim(std::string_view(*line).substr(0, colon)), "Content-Length")) continue;
      headers = true;
      const std::string_view value = trim(std::string_view(*line).substr(colon + 1));
      std::size_t parsed = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      length = error == std::errc() && end == value.data() + value.size() ? parsed : kNoLength;
    }
    if (length == kNoLength) {
      log("a message without a valid Content-Length was skipped");
      continue;
    }
    if (length > kMaxMessageBytes) {
      log(fmt::format("a message of {} bytes is over the {} MiB limit; skipped", length, kMaxMessageBytes >> 20));
      if (!skip(length)) return std::nullopt;
      continue;
    }
    std::string body;
    body.reserve(length);
    while (body.size() < length) {
      if (at_ == buffer_.size() && !fill()) return std::nullopt;
      const std::size_t n = std::min(length - body.size(), buffer_.size() - at_);
      body.append(buffer_, at_, n);
      at_ += n;
    }
    return body;
  }
}

void MessageWriter::send(const nlohmann::json& message) {
  // Invalid UTF-8 from a document (in a message quoting its code) becomes
  // U+FFFD rather than an exception.
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string frame = fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
  const std::lock_guard lock(mutex_);
  if (broken_) return;
  std::size_t written = 0;
  while (written < frame.size()) {
    const ssize_t n = write(fd_, frame.data() + written, frame.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      log(fmt::format("cannot write to the client: {}", std::strerror(errno)));
      broken_ = true;
      return;
    }
  }
}

}  // namespace fanout::lsp
