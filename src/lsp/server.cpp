#include "lsp/server.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "lsp/code_actions.hpp"
#include "lsp/hover.hpp"
#include "lsp/log.hpp"
#include "lsp/scheduler.hpp"
#include "lsp/uri.hpp"
#include "lsp/workspace.hpp"

namespace fanout::lsp {
namespace {

using nlohmann::json;

// Files whose change on disk changes what applies to open documents.
constexpr const char* kWatched[] = {"**/fanout.jsonc", "**/fanout.json", "**/package.json",
                                    "**/fanout-suppressions.json"};

/// What the client said it supports, from `initialize`.
struct ClientSupport {
  bool document_changes = false;   ///< versioned edits in WorkspaceEdit
  bool configuration = false;      ///< workspace/configuration requests
  bool watch_registration = false; ///< client/registerCapability for watched files
};

bool flag(const json& root, std::initializer_list<const char*> path) {
  const json* at = &root;
  for (const char* key : path) {
    if (!at->is_object()) return false;
    const auto found = at->find(key);
    if (found == at->end()) return false;
    at = &*found;
  }
  return at->is_boolean() && at->get<bool>();
}

const std::string& text_document_uri(const json& params) {
  return params.at("textDocument").at("uri").get_ref<const std::string&>();
}

unsigned worker_count() { return std::clamp(std::thread::hardware_concurrency(), 1U, 4U); }

class Server {
 public:
  explicit Server(MessageWriter& writer) : rpc_(writer), scheduler_(rpc_, worker_count()) {}

  /// Handles one message body; false once the client said `exit`.
  bool handle(const std::string& body);
  int exit_code() const { return shut_down_ ? 0 : 1; }

 private:
  void request(const json& id, const std::string& method, json& params);
  void notification(const std::string& method, json& params);
  json initialize(const json& params);
  void initialized();
  void apply_settings(const Settings& settings);
  void pull_configuration();
  void refresh_documents();
  void when_analysed(const json& id, const json& params, Job job);

  Rpc rpc_;
  Workspace workspace_;
  Scheduler scheduler_;
  ClientSupport client_;
  bool initialized_ = false;
  bool shut_down_ = false;
};

bool Server::handle(const std::string& body) {
  json message;
  try {
    message = json::parse(body);
  } catch (const json::exception& error) {
    log(fmt::format("invalid JSON: {}", error.what()));
    rpc_.fail(nullptr, error_code::parse_error, "invalid JSON");
    return true;
  }
  if (!message.is_object()) {
    rpc_.fail(nullptr, error_code::invalid_request, "a message must be a JSON object");
    return true;
  }
  const auto method = message.find("method");
  const auto id = message.find("id");
  const bool has_id = id != message.end();
  if (has_id && !id->is_number_integer() && !id->is_string()) {
    rpc_.fail(nullptr, error_code::invalid_request, "a request id must be an integer or a string");
    return true;
  }
  if (method == message.end()) {
    // A response to one of our requests (workspace/configuration, registerCapability).
    if (!has_id || !rpc_.deliver(message)) log("a message without method, and not a response of ours: ignored");
    return true;
  }
  if (!method->is_string()) {
    if (has_id) rpc_.fail(*id, error_code::invalid_request, "method must be a string");
    return true;
  }
  const std::string& name = method->get_ref<const std::string&>();
  json params = message.contains("params") ? std::move(message["params"]) : json::object();
  if (!has_id) {
    if (name == "exit") return false;
    try {
      notification(name, params);
    } catch (const std::exception& error) {
      log(fmt::format("{}: {}", name, error.what()));
    }
    return true;
  }
  try {
    request(*id, name, params);
  } catch (const json::exception& error) {
    rpc_.fail(*id, error_code::invalid_params, fmt::format("invalid params: {}", error.what()));
  } catch (const std::exception& error) {
    log(fmt::format("{}: {}", name, error.what()));
    rpc_.fail(*id, error_code::internal_error, error.what());
  }
  return true;
}

void Server::request(const json& id, const std::string& method, json& params) {
  if (method == "initialize") {
    if (initialized_) return rpc_.fail(id, error_code::invalid_request, "initialize was already received");
    return rpc_.respond(id, initialize(params));
  }
  if (!initialized_) return rpc_.fail(id, error_code::server_not_initialized, "initialize first");
  if (shut_down_) return rpc_.fail(id, error_code::invalid_request, "the server is shut down");
  if (method == "shutdown") {
    shut_down_ = true;
    return rpc_.respond(id, nullptr);
  }
  if (method == "textDocument/codeAction") {
    read_position(params.at("range").at("start"));  // a bad shape is the caller's error, answered now
    read_position(params.at("range").at("end"));
    const bool document_changes = client_.document_changes;
    return when_analysed(id, params, [params, document_changes](const Analysis* analysis, AnalyzerCache& analyzers,
                                                                const std::atomic<bool>&) -> json {
      return analysis != nullptr ? code_actions(*analysis, params, analyzers, document_changes) : json::array();
    });
  }
  if (method == "textDocument/hover") {
    read_position(params.at("position"));
    return when_analysed(id, params, [params](const Analysis* analysis, AnalyzerCache& analyzers,
                                              const std::atomic<bool>&) -> json {
      return analysis != nullptr ? hover(*analysis, params, analyzers) : json();
    });
  }
  rpc_.fail(id, error_code::method_not_found, fmt::format("unknown method {}", method));
}

void Server::when_analysed(const json& id, const json& params, Job job) {
  scheduler_.when_analysed(text_document_uri(params), id, std::move(job));
}

void Server::notification(const std::string& method, json& params) {
  if (!initialized_ || shut_down_) return;  // nothing but `exit` counts now
  if (method == "initialized") return initialized();
  if (method == "textDocument/didOpen") {
    json& document = params.at("textDocument");
    const std::string uri = document.at("uri").get<std::string>();
    const std::string language_id = document.value("languageId", "");
    const auto version = document.at("version").get<std::int64_t>();
    std::string text = std::move(document.at("text").get_ref<std::string&>());
    return scheduler_.open(uri, language_id, version, std::move(text), workspace_.setup(uri, language_id));
  }
  if (method == "textDocument/didChange") {
    const json& document = params.at("textDocument");
    return scheduler_.change(document.at("uri").get<std::string>(), document.value("version", std::int64_t{0}),
                             params.at("contentChanges"));
  }
  if (method == "textDocument/didSave") return scheduler_.save(text_document_uri(params));
  if (method == "textDocument/didClose") return scheduler_.close(text_document_uri(params));
  if (method == "$/cancelRequest") return scheduler_.cancel(params.at("id"));
  if (method == "workspace/didChangeWatchedFiles") {
    workspace_.reload();
    return refresh_documents();
  }
  if (method == "workspace/didChangeConfiguration") {
    if (client_.configuration) return pull_configuration();
    const auto settings = params.find("settings");
    if (settings != params.end() && settings->is_object() && settings->contains("fanout")) {
      apply_settings(read_settings(settings->at("fanout"), workspace_.settings()));
    }
    return;
  }
  // Anything else ($/setTrace, $/progress, ...) needs no answer.
}

json Server::initialize(const json& params) {
  initialized_ = true;
  const json& capabilities = params.contains("capabilities") ? params["capabilities"] : json::object();
  client_.document_changes = flag(capabilities, {"workspace", "workspaceEdit", "documentChanges"});
  client_.configuration = flag(capabilities, {"workspace", "configuration"});
  client_.watch_registration = flag(capabilities, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});

  std::string root;
  if (const auto folders = params.find("workspaceFolders"); folders != params.end() && folders->is_array() &&
                                                             !folders->empty() && folders->front().is_object()) {
    root = uri_to_path(folders->front().value("uri", ""));
  }
  if (root.empty() && params.contains("rootUri") && params["rootUri"].is_string()) {
    root = uri_to_path(params["rootUri"].get<std::string>());
  }
  if (root.empty() && params.contains("rootPath") && params["rootPath"].is_string()) {
    root = params["rootPath"].get<std::string>();
  }
  workspace_.set_root(root);
  if (params.contains("initializationOptions")) {
    apply_settings(read_settings(params["initializationOptions"], workspace_.settings()));
  }
  log(fmt::format("fanout {} serving {} with {} worker threads", FANOUT_VERSION, root.empty() ? "(no folder)" : root,
                  worker_count()));
  return {
      {"capabilities",
       {
           {"positionEncoding", "utf-16"},
           {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix", kFixAllKind})}}},
           {"hoverProvider", true},
       }},
      {"serverInfo", {{"name", "fanout"}, {"version", FANOUT_VERSION}}},
  };
}

void Server::initialized() {
  if (client_.watch_registration) {
    json watchers = json::array();
    for (const char* glob : kWatched) watchers.push_back({{"globPattern", glob}});
    rpc_.request("client/registerCapability",
                 {{"registrations",
                   json::array({{{"id", "fanout-watched-files"},
                                 {"method", "workspace/didChangeWatchedFiles"},
                                 {"registerOptions", {{"watchers", std::move(watchers)}}}}})}},
                 [](const json&) {});
  }
  if (client_.configuration) pull_configuration();
}

void Server::pull_configuration() {
  rpc_.request("workspace/configuration", {{"items", json::array({{{"section", "fanout"}}})}},
               [this](const json& result) {
                 if (result.is_array() && !result.empty()) {
                   apply_settings(read_settings(result.front(), workspace_.settings()));
                 }
               });
}

void Server::apply_settings(const Settings& settings) {
  const Settings& current = workspace_.settings();
  if (settings.strict == current.strict && settings.debounce == current.debounce) return;
  scheduler_.set_debounce(settings.debounce);
  workspace_.set_settings(settings);
  refresh_documents();
}

void Server::refresh_documents() {
  for (const auto& [uri, language_id] : scheduler_.documents()) {
    scheduler_.reconfigure(uri, workspace_.setup(uri, language_id));
  }
}

}  // namespace

void serve() {
  // A client that goes away must end the session, not kill it mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  MessageReader reader(STDIN_FILENO);
  MessageWriter writer(STDOUT_FILENO);
  Server server(writer);
  while (const auto body = reader.next()) {
    if (!server.handle(*body)) break;
  }
  // Exit now: a worker deep in the analysis of a huge file must not hold the
  // process up (nothing is left to write; every answer went out already).
  const int status = server.exit_code();
  std::fflush(stderr);
  std::_Exit(status);
}

}  // namespace fanout::lsp
