#include "lsp/log.hpp"

#include <cstdio>
#include <mutex>

namespace fanout::lsp {

void log(std::string_view message) {
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  fmt::print(stderr, "fanout lsp: {}\n", message);
  std::fflush(stderr);
}

}  // namespace fanout::lsp
