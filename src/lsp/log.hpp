// The server's log: stderr only (stdout carries the protocol).
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace fanout::lsp {

void log(std::string_view message);

}  // namespace fanout::lsp
