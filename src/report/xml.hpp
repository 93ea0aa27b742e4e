// Writing XML 1.0 text for the `junit` and `checkstyle` reports.
#pragma once

#include <string>
#include <string_view>

namespace fanout::report {

/// `text` escaped for XML 1.0 character data, or for a double-quoted
/// attribute value (where line breaks and tabs become character references,
/// which parsers would otherwise fold into spaces). Characters XML 1.0 cannot
/// hold at all (most C0 controls, invalid UTF-8) become visible escapes as in
/// printable(), so a hostile file name never makes the report unreadable.
std::string xml_text(std::string_view text);
std::string xml_attribute(std::string_view text);

/// The declaration every report starts with.
inline constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

}  // namespace fanout::report
