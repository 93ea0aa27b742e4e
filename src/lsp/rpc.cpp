#include "lsp/rpc.hpp"

namespace fanout::lsp {

void Rpc::respond(const nlohmann::json& id, nlohmann::json result) {
  writer_.send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Rpc::fail(const nlohmann::json& id, int code, const std::string& message) {
  writer_.send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Rpc::notify(const std::string& method, nlohmann::json params) {
  writer_.send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Rpc::request(const std::string& method, nlohmann::json params,
                  std::function<void(const nlohmann::json&)> on_result) {
  const std::int64_t id = next_id_++;
  waiting_.emplace(id, std::move(on_result));
  writer_.send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

bool Rpc::deliver(const nlohmann::json& response) {
  const auto id = response.find("id");
  if (id == response.end() || !id->is_number_integer()) return false;
  const auto waiting = waiting_.find(id->get<std::int64_t>());
  if (waiting == waiting_.end()) return false;
  const auto callback = std::move(waiting->second);
  waiting_.erase(waiting);
  const auto result = response.find("result");
  callback(result != response.end() && !response.contains("error") ? *result : nlohmann::json());
  return true;
}

}  // namespace fanout::lsp
