#include "lsp/settings.hpp"

#include <algorithm>

namespace fanout::lsp {

Settings read_settings(const nlohmann::json& object, Settings base) {
  if (!object.is_object()) return base;
  if (const auto strict = object.find("strict"); strict != object.end() && strict->is_boolean()) {
    base.strict = strict->get<bool>();
  }
  if (const auto debounce = object.find("debounceMs"); debounce != object.end() && debounce->is_number()) {
    base.debounce = std::chrono::milliseconds(static_cast<long>(std::clamp(debounce->get<double>(), 0.0, 5000.0)));
  }
  return base;
}

}  // namespace fanout::lsp
