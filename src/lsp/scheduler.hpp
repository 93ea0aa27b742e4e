// Open documents and the worker threads that analyse them. Every change gives
// a document a new generation: a running parse of an older one is cancelled,
// and only an analysis of the current generation is published or used to
// answer requests. Changes in quick succession are debounced.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/analysis.hpp"
#include "lsp/rpc.hpp"

namespace fanout::lsp {

/// Answers a request from a document's current analysis (null when the
/// document is not open), on a worker thread. `cancelled` turns true when the
/// client cancels it; the answer is then dropped.
using Job = std::function<nlohmann::json(const Analysis* analysis, AnalyzerCache& analyzers,
                                         const std::atomic<bool>& cancelled)>;

class Scheduler {
 public:
  using Clock = std::chrono::steady_clock;

  Scheduler(Rpc& rpc, unsigned workers);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void set_debounce(std::chrono::milliseconds debounce);

  void open(const std::string& uri, const std::string& language_id, std::int64_t version, std::string text,
            std::shared_ptr<const FileSetup> setup);
  /// didChange's `contentChanges`, applied in order. A malformed change is
  /// logged and the document keeps its previous text.
  void change(const std::string& uri, std::int64_t version, const nlohmann::json& changes);
  void save(const std::string& uri);
  void close(const std::string& uri);

  /// The open documents' URIs and language ids.
  std::vector<std::pair<std::string, std::string>> documents() const;
  /// A new setup (the configuration changed): the document is analysed again.
  void reconfigure(const std::string& uri, std::shared_ptr<const FileSetup> setup);

  /// Runs `job` on a worker once `uri`'s current text is analysed, and sends
  /// its result as the response to request `id`.
  void when_analysed(const std::string& uri, const nlohmann::json& id, Job job);
  /// $/cancelRequest: a request not answered yet is answered with RequestCancelled.
  void cancel(const nlohmann::json& id);

 private:
  struct Request {
    nlohmann::json id;
    Job job;
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<const Analysis> analysis;  ///< set once it may run
  };
  struct Document {
    std::string language_id;
    std::int64_t version = 0;
    std::shared_ptr<const std::string> text;
    std::shared_ptr<const FileSetup> setup;
    DocumentTree tree;
    std::uint64_t generation = 0;
    std::optional<Clock::time_point> due;      ///< when to analyse next; none: nothing to do
    Clock::time_point last_change{};
    std::shared_ptr<std::atomic<bool>> running;  ///< the running analysis's cancel flag
    std::shared_ptr<const Analysis> analysis;   ///< the last one published
    std::vector<Request> waiting;               ///< requests for the next current analysis
  };

  void work();
  void analyse_next(std::unique_lock<std::mutex>& lock, const std::string& uri, Document& document,
                    AnalyzerCache& analyzers);
  void run(std::unique_lock<std::mutex>& lock, Request request, AnalyzerCache& analyzers);
  /// Marks the document changed: a new generation, analysed at `due`.
  void touch(Document& document, Clock::time_point due);

  Rpc& rpc_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Document> documents_;
  std::deque<Request> ready_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> running_requests_;  ///< by id, serialised
  std::uint64_t generations_ = 0;
  std::chrono::milliseconds debounce_{50};
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace fanout::lsp
