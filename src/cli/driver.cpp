#include "cli/driver.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "cli/diff.hpp"
#include "cli/fix_file.hpp"
#include "fanout/files.hpp"
#include "fanout/fix.hpp"

namespace fanout::cli {
namespace {

using namespace std::chrono_literals;

/// What one file produced; filled by exactly one worker.
struct Slot {
  std::optional<FileResult> result;
  std::string error;
  std::string diff;
  std::size_t fixes = 0;
};

FileResult skipped(const std::string& display, const std::string& why) {
  FileResult result;
  result.file = std::make_shared<SourceFile>(display, std::string());
  result.diagnostics.push_back(Diagnostic{
      .rule_id = std::string(kSkippedFileId),
      .severity = Severity::info,
      .message = why.empty() ? std::string("binary file, not checked") : fmt::format("not checked: {}", why),
  });
  return result;
}

void check_one(Analyzer& analyzer, const SourcePath& source, FixMode mode, Slot& slot) {
  ReadResult read = read_source(source);  // the staged blob with --staged
  if (read.status == ReadResult::Status::binary) {
    slot.result = skipped(source.display, read.error);
    return;
  }
  if (read.status == ReadResult::Status::error) {
    slot.error = fmt::format("{}: {}", source.display, read.error);
    return;
  }
  const Language language = language_for_path(source.path);
  // Without --fix the text is needed only inside the result: no copy.
  FileResult result =
      analyzer.analyze(source.display, mode == FixMode::none ? std::move(read.text) : read.text, language);

  if (mode != FixMode::none) {
    FixedText fixed = fix_text(analyzer, source.display, read.text, language, result);
    if (fixed.text != read.text) {
      if (mode == FixMode::dry_run) {
        slot.diff = unified_diff(read.text, fixed.text, source.display);
      } else if (auto error = write_file_atomically(source.path, read.text, fixed.text)) {
        // The file on disk is unchanged, so its findings are the original ones.
        slot.error = fmt::format("{}: not fixed: {}", source.display, *error);
        fixed.result = std::move(result);
        fixed.applied = 0;
      }
      slot.fixes = fixed.applied;
      result = std::move(fixed.result);
    }
  }

  // A clean file needs neither its text nor its tree for reporting.
  if (result.diagnostics.empty() && result.file && !result.file->text().empty()) {
    result.file = std::make_shared<SourceFile>(result.file->path(), std::string());
  }
  slot.result = std::move(result);
}

// Biggest first: a large file started last would leave one thread working alone.
std::vector<std::size_t> schedule(const std::vector<SourcePath>& files) {
  std::vector<std::uintmax_t> sizes(files.size(), 0);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(files[i].path, ec);
    sizes[i] = ec ? 0 : size;
  }
  std::vector<std::size_t> order(files.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  return order;
}

/// Redraws `\r`-style progress on stderr once a run has taken over a second.
class Progress {
 public:
  Progress(bool enabled, std::size_t total) : enabled_(enabled), total_(total) {}
  ~Progress() {
    if (drawn_) fmt::print(stderr, "\r\033[K");
  }
  void update(std::size_t done) {
    if (!enabled_ || std::chrono::steady_clock::now() - start_ < 1s) return;
    fmt::print(stderr, "\rfanout: checked {}/{} files", done, total_);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  std::size_t total_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// `options[i]` is file i's configuration (null: the request's).
void analyse_all(const CheckRequest& request, const std::vector<SourcePath>& files,
                 const std::vector<const AnalysisOptions*>& options, std::vector<Slot>& slots) {
  const std::vector<std::size_t> order = schedule(files);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t running = std::clamp<std::size_t>(request.jobs, 1, std::max<std::size_t>(files.size(), 1));

  const auto work = [&] {
    // One Analyzer per distinct configuration; most repositories have one.
    std::map<const AnalysisOptions*, std::unique_ptr<Analyzer>> analyzers;
    const auto analyzer_for = [&](std::size_t index) -> Analyzer& {
      const AnalysisOptions* wanted = options[index] ? options[index] : &request.analysis;
      auto& slot = analyzers[wanted];
      if (!slot) slot = std::make_unique<Analyzer>(*wanted);
      return *slot;
    };
    for (std::size_t i = next++; i < order.size(); i = next++) {
      const std::size_t index = order[i];
      try {
        check_one(analyzer_for(index), files[index], request.fix, slots[index]);
      } catch (const std::exception& error) {
        // One bad file must not stop the run (style.md): it becomes an I/O-class error.
        slots[index].error = fmt::format("{}: internal error: {}", files[index].display, error.what());
      }
      ++done;
    }
    const std::lock_guard lock(mutex);
    --running;
    finished.notify_all();
  };

  std::vector<std::jthread> workers;
  const std::size_t count = running;
  for (std::size_t i = 0; i < count; ++i) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      // Fewer threads than asked still finish the run (the queue is shared).
      const std::lock_guard lock(mutex);
      running -= count - i;
      break;
    }
  }
  if (workers.empty()) {
    running = 1;  // no thread could start: work here
    work();
  }

  Progress progress(request.progress, files.size());
  std::unique_lock lock(mutex);
  while (!finished.wait_for(lock, 100ms, [&] { return running == 0; })) progress.update(done.load());
}

}  // namespace

CheckOutcome run_check(const CheckRequest& request) {
  CheckOutcome outcome;
  Discovery discovery = request.files ? Discovery{.files = *request.files, .errors = {}} : discover(request.paths);
  for (const PathError& error : discovery.errors) {
    outcome.errors.push_back(fmt::format("{}: {}", error.path, error.message));
  }

  // Configuration discovery: files its ignore patterns match are dropped
  // silently; the others keep their effective options alive here.
  std::vector<std::shared_ptr<const AnalysisOptions>> owners;
  std::vector<const AnalysisOptions*> options(discovery.files.size(), nullptr);
  if (request.configure) {
    std::vector<SourcePath> kept;
    for (SourcePath& source : discovery.files) {
      FileOptions file;
      if (auto error = request.configure(source, file)) {
        outcome.errors.push_back(std::move(*error));
        outcome.aborted = true;
        return outcome;
      }
      if (file.ignored) continue;
      options[kept.size()] = file.options.get();
      owners.push_back(std::move(file.options));
      kept.push_back(std::move(source));
    }
    discovery.files = std::move(kept);
  }

  std::vector<Slot> slots(discovery.files.size());
  if (!discovery.files.empty()) analyse_all(request, discovery.files, options, slots);

  // Slots are in discovery order (sorted by display path): no sort needed, and
  // the output is the same whatever the number of threads.
  for (Slot& slot : slots) {
    if (!slot.error.empty()) outcome.errors.push_back(std::move(slot.error));
    outcome.diff += slot.diff;
    if (slot.fixes > 0) {
      outcome.fixes_applied += slot.fixes;
      ++outcome.files_fixed;
    }
    if (!slot.result) continue;
    ++outcome.summary.files_checked;
    if (slot.result->parsed) ++outcome.summary.files_parsed;
    outcome.files.push_back(std::move(*slot.result));
  }
  return outcome;
}

}  // namespace fanout::cli
