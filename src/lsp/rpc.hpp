// JSON-RPC 2.0 on top of the framing: responses, notifications, and requests
// the server sends to the client (their answers come back on the server thread).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/transport.hpp"

namespace fanout::lsp {

/// JSON-RPC and LSP error codes.
namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_not_initialized = -32002;
inline constexpr int request_cancelled = -32800;
}  // namespace error_code

class Rpc {
 public:
  explicit Rpc(MessageWriter& writer) : writer_(writer) {}

  void respond(const nlohmann::json& id, nlohmann::json result);
  void fail(const nlohmann::json& id, int code, const std::string& message);
  void notify(const std::string& method, nlohmann::json params);

  /// Sends a request; `on_result` gets its result, or null when the client
  /// answered with an error. Call from the server thread only.
  void request(const std::string& method, nlohmann::json params, std::function<void(const nlohmann::json&)> on_result);
  /// Hands the client's response to the request it answers; false when no
  /// request of ours has that id.
  bool deliver(const nlohmann::json& response);

 private:
  MessageWriter& writer_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, std::function<void(const nlohmann::json&)>> waiting_;
};

}  // namespace fanout::lsp
