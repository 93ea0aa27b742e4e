// The server's settings: `initializationOptions`, or the `fanout` section of
// the editor's configuration (workspace/configuration, didChangeConfiguration).
#pragma once

#include <chrono>

#include <nlohmann/json.hpp>

namespace fanout::lsp {

struct Settings {
  bool strict = false;  ///< `--strict`: also report `unknown-collection`
  /// A change less than this after the previous one waits for the typing to
  /// pause this long; the first change after a pause is analysed at once.
  std::chrono::milliseconds debounce{50};
};

/// `base` with the keys of `object` that are valid (`strict`, `debounceMs`);
/// anything else, or a value of the wrong type, is ignored.
Settings read_settings(const nlohmann::json& object, Settings base);

}  // namespace fanout::lsp
