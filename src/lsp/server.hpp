// `fanout lsp`: the language server's session over stdin and stdout.
#pragma once

namespace fanout::lsp {

/// Serves one client until `exit` or the end of input, then ends the process
/// with status 0 after a `shutdown` request, 1 otherwise (as the protocol says).
[[noreturn]] void serve();

}  // namespace fanout::lsp
