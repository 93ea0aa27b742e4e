#include "fanout/diagnostic.hpp"

namespace fanout {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warn: return "warning";
    case Severity::info: return "info";
    case Severity::off: break;
  }
  return "off";
}

std::string_view severity_config_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warn: return "warn";
    case Severity::info: return "info";
    case Severity::off: break;
  }
  return "off";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "off" || text == "0") return Severity::off;
  if (text == "info") return Severity::info;
  if (text == "warn" || text == "warning" || text == "1") return Severity::warn;
  if (text == "error" || text == "2") return Severity::error;
  return std::nullopt;
}

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warn: return "warning";
    case Severity::info: return "note";
    case Severity::off: break;
  }
  return "none";
}

}  // namespace fanout
