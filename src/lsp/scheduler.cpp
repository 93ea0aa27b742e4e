#include "lsp/scheduler.hpp"

#include <algorithm>

#include "lsp/log.hpp"
#include "lsp/text_changes.hpp"

namespace fanout::lsp {

Scheduler::Scheduler(Rpc& rpc, unsigned workers) : rpc_(rpc) {
  for (unsigned i = 0; i < std::max(1U, workers); ++i) workers_.emplace_back([this] { work(); });
}

Scheduler::~Scheduler() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [uri, document] : documents_) {
      if (document.running) document.running->store(true);
    }
    for (auto& [id, cancelled] : running_requests_) cancelled->store(true);
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void Scheduler::set_debounce(std::chrono::milliseconds debounce) {
  const std::lock_guard lock(mutex_);
  debounce_ = debounce;
}

void Scheduler::touch(Document& document, Clock::time_point due) {
  document.generation = ++generations_;
  if (document.running) document.running->store(true);  // its result could no longer be used
  document.due = due;
  wake_.notify_one();
}

void Scheduler::open(const std::string& uri, const std::string& language_id, std::int64_t version, std::string text,
                     std::shared_ptr<const FileSetup> setup) {
  const std::lock_guard lock(mutex_);
  Document& document = documents_[uri];  // opened again: a fresh start, waiting requests kept
  document.language_id = language_id;
  document.version = version;
  document.text = std::make_shared<const std::string>(std::move(text));
  document.setup = std::move(setup);
  document.tree.reset();
  document.analysis.reset();
  document.last_change = Clock::now();
  touch(document, document.last_change);
}

void Scheduler::change(const std::string& uri, std::int64_t version, const nlohmann::json& changes) {
  const std::lock_guard lock(mutex_);
  const auto found = documents_.find(uri);
  if (found == documents_.end()) {
    log(fmt::format("didChange for {}, which is not open: ignored", uri));
    return;
  }
  Document& document = found->second;
  // Edits go to copies: a worker may be reading the current text and tree,
  // and a malformed change must leave both as they were.
  auto text = std::make_shared<std::string>(*document.text);
  DocumentTree tree = document.tree;
  try {
    if (!changes.is_array()) throw std::invalid_argument("contentChanges is not an array");
    for (const nlohmann::json& change : changes) apply_change(change, *text, tree);
  } catch (const std::exception& error) {
    log(fmt::format("didChange for {} ignored: {}", uri, error.what()));
    return;
  }
  document.text = std::move(text);
  document.tree = std::move(tree);
  document.version = version;
  // The first change after a pause is analysed at once; one that follows
  // another closely waits until the typing pauses.
  const Clock::time_point now = Clock::now();
  const bool typing = now - document.last_change < debounce_;
  document.last_change = now;
  touch(document, typing ? now + debounce_ : now);
}

void Scheduler::save(const std::string& uri) {
  const std::lock_guard lock(mutex_);
  const auto found = documents_.find(uri);
  // An analysis already due or running publishes anyway.
  if (found == documents_.end() || found->second.due || found->second.running) return;
  touch(found->second, Clock::now());
}

void Scheduler::close(const std::string& uri) {
  const std::lock_guard lock(mutex_);
  const auto found = documents_.find(uri);
  if (found == documents_.end()) return;
  for (Request& request : found->second.waiting) ready_.push_back(std::move(request));
  if (found->second.running) found->second.running->store(true);
  documents_.erase(found);
  // Findings of a closed file are not left in the problems list.
  rpc_.notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", nlohmann::json::array()}});
  wake_.notify_all();
}

std::vector<std::pair<std::string, std::string>> Scheduler::documents() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [uri, document] : documents_) out.emplace_back(uri, document.language_id);
  return out;
}

void Scheduler::reconfigure(const std::string& uri, std::shared_ptr<const FileSetup> setup) {
  const std::lock_guard lock(mutex_);
  const auto found = documents_.find(uri);
  if (found == documents_.end()) return;
  found->second.setup = std::move(setup);
  touch(found->second, Clock::now());
}

void Scheduler::when_analysed(const std::string& uri, const nlohmann::json& id, Job job) {
  const std::lock_guard lock(mutex_);
  Request request{.id = id, .job = std::move(job)};
  running_requests_[id.dump()] = request.cancelled;
  const auto found = documents_.find(uri);
  if (found == documents_.end()) {
    ready_.push_back(std::move(request));
  } else if (found->second.analysis && found->second.analysis->generation == found->second.generation) {
    request.analysis = found->second.analysis;
    ready_.push_back(std::move(request));
  } else {
    found->second.waiting.push_back(std::move(request));
  }
  wake_.notify_one();
}

void Scheduler::cancel(const nlohmann::json& id) {
  const std::string key = id.dump();
  const std::lock_guard lock(mutex_);
  const auto running = running_requests_.find(key);
  if (running == running_requests_.end()) return;  // answered already, or never asked
  running->second->store(true);
  // Not started yet: answered here. A running one answers for itself.
  const auto matches = [&](const Request& request) { return request.id.dump() == key; };
  bool removed = false;
  if (const auto it = std::find_if(ready_.begin(), ready_.end(), matches); it != ready_.end()) {
    ready_.erase(it);
    removed = true;
  }
  for (auto& [uri, document] : documents_) {
    if (removed) break;
    if (const auto it = std::find_if(document.waiting.begin(), document.waiting.end(), matches);
        it != document.waiting.end()) {
      document.waiting.erase(it);
      removed = true;
    }
  }
  if (removed) {
    running_requests_.erase(running);
    rpc_.fail(id, error_code::request_cancelled, "cancelled");
  }
}

void Scheduler::run(std::unique_lock<std::mutex>& lock, Request request, AnalyzerCache& analyzers) {
  lock.unlock();
  nlohmann::json result;
  std::string failure;
  if (!request.cancelled->load()) {
    try {
      result = request.job(request.analysis.get(), analyzers, *request.cancelled);
    } catch (const std::exception& error) {
      failure = error.what();
    }
  }
  if (request.cancelled->load()) {
    rpc_.fail(request.id, error_code::request_cancelled, "cancelled");
  } else if (!failure.empty()) {
    log(fmt::format("request {} failed: {}", request.id.dump(), failure));
    rpc_.fail(request.id, error_code::internal_error, failure);
  } else {
    rpc_.respond(request.id, std::move(result));
  }
  lock.lock();
  const auto running = running_requests_.find(request.id.dump());
  if (running != running_requests_.end() && running->second == request.cancelled) running_requests_.erase(running);
}

void Scheduler::analyse_next(std::unique_lock<std::mutex>& lock, const std::string& uri, Document& document,
                             AnalyzerCache& analyzers) {
  Snapshot snapshot{
      .uri = uri,
      .version = document.version,
      .generation = document.generation,
      .text = document.text,
      .setup = document.setup,
      .tree = document.tree,
      .cancelled = std::make_shared<std::atomic<bool>>(false),
  };
  document.running = snapshot.cancelled;
  document.due.reset();
  lock.unlock();
  std::shared_ptr<const Analysis> analysis;
  try {
    analysis = analyse(snapshot, analyzers);
  } catch (const std::exception& error) {
    // Nothing to show, but the document must not wait for an analysis forever.
    log(fmt::format("{}: analysis failed: {}", snapshot.uri, error.what()));
    analysis = std::make_shared<const Analysis>(snapshot);
  }
  lock.lock();
  // `document` and `uri` may be gone by now (closed).
  const auto found = documents_.find(snapshot.uri);
  if (found == documents_.end()) return;
  Document& current = found->second;
  if (current.running == snapshot.cancelled) current.running.reset();
  wake_.notify_all();
  if (snapshot.cancelled->load() || current.generation != snapshot.generation) return;
  current.tree = std::move(snapshot.tree);
  current.analysis = analysis;
  rpc_.notify("textDocument/publishDiagnostics",
              {{"uri", snapshot.uri}, {"version", analysis->version}, {"diagnostics", analysis->diagnostics}});
  for (Request& request : current.waiting) {
    request.analysis = analysis;
    ready_.push_back(std::move(request));
  }
  current.waiting.clear();
}

void Scheduler::work() {
  AnalyzerCache analyzers;  // this thread's parsers, one per configuration
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!ready_.empty()) {
      Request request = std::move(ready_.front());
      ready_.pop_front();
      run(lock, std::move(request), analyzers);
      continue;
    }
    const Clock::time_point now = Clock::now();
    std::optional<Clock::time_point> next;
    auto pick = documents_.end();
    for (auto it = documents_.begin(); it != documents_.end(); ++it) {
      const Document& document = it->second;
      if (!document.due || document.running) continue;
      if (*document.due <= now) {
        pick = it;
        break;
      }
      next = next ? std::min(*next, *document.due) : *document.due;
    }
    if (pick != documents_.end()) {
      analyse_next(lock, pick->first, pick->second, analyzers);
    } else if (next) {
      wake_.wait_until(lock, *next);
    } else {
      wake_.wait(lock);
    }
  }
}

}  // namespace fanout::lsp
