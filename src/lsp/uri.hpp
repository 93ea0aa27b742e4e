// `file:` URIs (RFC 8089) to paths and back, as editors write them.
#pragma once

#include <string>
#include <string_view>

namespace fanout::lsp {

/// The local path of a `file:` URI, percent-decoded; "" for other schemes
/// (`untitled:`) and for URIs naming another host.
std::string uri_to_path(std::string_view uri);

/// A `file:` URI for an absolute path, with reserved characters percent-encoded.
std::string path_to_uri(std::string_view path);

}  // namespace fanout::lsp
