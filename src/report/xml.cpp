#include "report/xml.hpp"

#include <fmt/format.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

// Valid UTF-8 that XML 1.0 can hold (it excludes U+FFFE and U+FFFF);
// length 0 otherwise.
std::pair<char32_t, std::size_t> xml_char(std::string_view text, std::size_t at) {
  const auto decoded = decode_utf8(text, at);
  if (decoded.first == 0xFFFE || decoded.first == 0xFFFF) return {0, 0};
  return decoded;
}

std::string escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = xml_char(text, i);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;  // a raw CR would be read as a line break
      default:
        if (cp < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
        } else {
          out.append(text.substr(i, length));
        }
    }
    i += length;
  }
  return out;
}

}  // namespace

std::string xml_text(std::string_view text) { return escape(text, false); }
std::string xml_attribute(std::string_view text) { return escape(text, true); }

}  // namespace fanout::report
