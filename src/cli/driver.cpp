#include "cli/driver.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "cli/cache.hpp"
#include "cli/diff.hpp"
#include "cli/schedule.hpp"
#include "files/git.hpp"
#include "config/discovery.hpp"
#include "fanout/files.hpp"
#include "fanout/fix.hpp"
#include "fanout/sources.hpp"
#include "walk/source_text.hpp"

namespace fanout::cli {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// What one file produced; filled by exactly one worker.
struct Slot {
  std::optional<FileResult> result;
  std::string error;
  std::string diff;
  std::size_t fixes = 0;
  std::vector<AddedImport> undeclared;    ///< imports --fix added of packages package.json lacks
  std::optional<CacheEntry> cache_entry;  ///< --cache: what to remember of this file
  std::optional<std::string> fixed_text;  ///< FixMode::output
};

/// --cache while one file is checked: the cache and the file's configuration hash.
struct CacheLookup {
  const ResultCache& cache;
  std::uint64_t options = 0;
};

// --cache: the cached outcome when the file is unchanged. A stat match
// vouches for clean files without reading them; otherwise the content hash
// decides. With --fix a file with findings needs its tree: never cached.
bool from_cache(const CacheLookup& lookup, const SourcePath& source, FixMode mode, const FileStamp* stamp,
                const std::string* text, Slot& slot) {
  const CacheEntry* cached = lookup.cache.find(source.display);
  if (cached == nullptr || cached->options != lookup.options) return false;
  // Suppressed findings are reported too (SARIF, JSON): they need the text.
  const bool clean = cached->diagnostics.empty() && cached->suppressed.empty();
  if (mode != FixMode::none && !cached->diagnostics.empty()) return false;
  if (text == nullptr) {
    if (stamp == nullptr || !(*stamp == cached->stamp) || !clean) return false;
  } else if (content_hash(*text) != cached->content) {
    return false;
  }
  FileResult result;
  // Findings print code frames: they keep the text, as analyze() would.
  result.file = std::make_shared<SourceFile>(source.display, text != nullptr && !clean ? *text : std::string());
  result.diagnostics = cached->diagnostics;
  result.suppressed = cached->suppressed;
  result.parsed = cached->parsed;
  slot.result = std::move(result);
  if (text != nullptr && stamp != nullptr) {
    slot.cache_entry = *cached;
    slot.cache_entry->stamp = *stamp;  // found by content: next time by stat
  }
  return true;
}

// A file named directly is checked whatever its ending (`bin/www`, `.es6`,
// `--stdin` without a name), as cli.md says, except an ending that names
// another well-known text format: parsing `notes.txt` or `README.md` as
// JavaScript only produces a misleading parse error, so such a file is
// skipped with a note, as ESLint reports a named file no configuration
// matches. Folder walks and git modes only ever find source endings.
constexpr std::array<std::string_view, 21> kOtherTextEndings = {
    ".txt", ".md", ".markdown", ".rst", ".json", ".jsonc", ".json5", ".yml", ".yaml", ".toml", ".ini",
    ".html", ".htm", ".css", ".scss", ".less", ".csv", ".xml", ".svg", ".lock", ".map"};

bool is_script(const std::string& path) {
  if (is_source_path(path)) return true;
  const std::string ending = fs::path(path).extension().string();
  return std::none_of(kOtherTextEndings.begin(), kOtherTextEndings.end(), [&](std::string_view other) {
    return ending.size() == other.size() &&
           std::equal(ending.begin(), ending.end(), other.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  });
}

// The imports the applied fixes added, of packages the nearest package.json
// does not declare: a fix's statement is in the fixed text and was not before.
std::vector<AddedImport> undeclared_imports(const FileResult& planned, const std::string& before,
                                            const std::string& after) {
  std::vector<AddedImport> out;
  for (const Diagnostic& d : planned.diagnostics) {
    if (!d.fix || !d.fix->added_import || d.fix->added_import->declared) continue;
    const AddedImport& added = *d.fix->added_import;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const AddedImport& a) { return a.package == added.package; });
    if (seen || after.find(added.statement) == std::string::npos || before.find(added.statement) != std::string::npos) {
      continue;
    }
    out.push_back(added);
  }
  return out;
}

// Most sources are far smaller: a worker's buffer beyond this is released.
constexpr std::size_t kKeptBufferBytes = 1u << 20;

// `buffer` is the worker's: every file is read into its storage, and
// analyze() copies out only a file worth parsing (at its own size, so a small
// file kept for its findings does not hold a big file's capacity).
// `given`: --stdin's text, checked as the file `source` instead of reading it.
void check_one(Analyzer& analyzer, const SourcePath& source, FixMode mode, Slot& slot, std::string& buffer,
               const std::vector<std::string>& fix_roots, const CacheLookup* cache = nullptr,
               const std::string* given = nullptr) {
  const std::optional<FileStamp> stamp = cache != nullptr ? stamp_of(source.path) : std::nullopt;
  if (cache != nullptr && from_cache(*cache, source, mode, stamp ? &*stamp : nullptr, nullptr, slot)) return;
  ReadResult read = given != nullptr ? read_text(*given) : read_source(source, std::move(buffer));  // --staged: the blob
  struct Recycle {
    std::string& buffer;
    std::string& text;
    ~Recycle() { buffer = std::move(text); }
  } recycle{buffer, read.text};
  if (read.status == ReadResult::Status::binary || read.status == ReadResult::Status::too_large) {
    slot.result = skipped_file(source.display, read.error);
    return;
  }
  if (read.status == ReadResult::Status::error) {
    slot.error = fmt::format("{}: {}", source.display, read.error);
    return;
  }
  if (!is_script(source.path)) {
    slot.result = skipped_file(source.display, "not a JavaScript or TypeScript file (by its name)");
    return;
  }
  std::uint64_t hash = 0;
  if (cache != nullptr) {
    if (from_cache(*cache, source, mode, stamp ? &*stamp : nullptr, &read.text, slot)) return;
    hash = content_hash(read.text);
  }
  const SourceKind kind = checked_kind_for_path(source.path);
  FileResult result = analyse_source_text(analyzer, source.path, source.display, read.text);

  if (mode != FixMode::none) {
    FixedText fixed = fix_text(analyzer, source.display, read.text, kind, result);
    if (mode == FixMode::output) slot.fixed_text = fixed.text;
    if (fixed.text != read.text) {
      if (mode == FixMode::dry_run) {
        slot.diff = unified_diff(read.text, fixed.text, source.display);
      } else if (mode == FixMode::apply) {
        if (auto error = write_file_atomically(source.path, read.text, fixed.text, fix_roots)) {
          // The file on disk is unchanged, so its findings are the original ones.
          slot.error = fmt::format("{}: not fixed: {}", source.display, *error);
          fixed.result = std::move(result);
          fixed.applied = 0;
        }
      }
      slot.fixes = fixed.applied;
      if (slot.error.empty()) slot.undeclared = undeclared_imports(result, read.text, fixed.text);
      result = std::move(fixed.result);
    }
  }

  // A file --fix rewrote is checked again next time.
  if (cache != nullptr && stamp && slot.fixes == 0 && slot.error.empty()) {
    slot.cache_entry = CacheEntry{.stamp = *stamp, .content = hash, .options = cache->options,
                                  .parsed = result.parsed, .diagnostics = result.diagnostics,
                                  .suppressed = result.suppressed};
  }
  // A clean file needs neither its text nor its tree for reporting.
  if (result.diagnostics.empty() && result.suppressed.empty() && result.file && !result.file->text().empty()) {
    result.file = std::make_shared<SourceFile>(result.file->path(), std::string());
  }
  slot.result = std::move(result);
}

// The real paths --fix may write under: each folder checked (for a file
// named directly, its folder), or the repository for git's change sets.
std::vector<std::string> checked_roots(const CheckRequest& request) {
  namespace fs = std::filesystem;
  std::vector<std::string> named = request.paths.empty() ? std::vector<std::string>{"."} : request.paths;
  if (request.files) {
    const std::string top = config::repository_root(".");
    named = {top.empty() ? std::string(".") : top};
  }
  std::vector<std::string> roots;
  for (const std::string& path : named) {
    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    const fs::path root = fs::canonical(folder ? fs::path(path) : fs::absolute(path, ec).parent_path(), ec);
    if (!ec) roots.push_back(root.string());
  }
  return roots;
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
                 const std::vector<const AnalysisOptions*>& options, std::vector<Slot>& slots,
                 const ResultCache* cache) {
  Schedule schedule(file_sizes(files));
  const std::vector<std::string> fix_roots = request.fix == FixMode::apply ? checked_roots(request) : std::vector<std::string>{};
  std::atomic<std::size_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t running = std::clamp<std::size_t>(request.jobs, 1, std::max<std::size_t>(files.size(), 1));

  const auto work = [&] {
    std::string buffer;  // every file this worker reads, one after the other
    // One Analyzer per distinct configuration; most repositories have one.
    std::map<const AnalysisOptions*, std::unique_ptr<Analyzer>> analyzers;
    const auto analyzer_for = [&](std::size_t index) -> Analyzer& {
      const AnalysisOptions* wanted = options[index] ? options[index] : &request.analysis;
      auto& slot = analyzers[wanted];
      if (!slot) slot = std::make_unique<Analyzer>(*wanted);
      return *slot;
    };
    std::map<const AnalysisOptions*, std::uint64_t> options_hashes;
    const auto lookup_for = [&](std::size_t index) -> std::optional<CacheLookup> {
      if (cache == nullptr) return std::nullopt;
      const AnalysisOptions* wanted = options[index] ? options[index] : &request.analysis;
      auto [it, added] = options_hashes.try_emplace(wanted, 0);
      if (added) it->second = options_hash(*wanted);
      return CacheLookup{.cache = *cache, .options = it->second};
    };
    while (const auto next = schedule.next()) {
      const std::size_t index = *next;
      try {
        const std::optional<CacheLookup> lookup = lookup_for(index);
        check_one(analyzer_for(index), files[index], request.fix, slots[index], buffer, fix_roots,
                  lookup ? &*lookup : nullptr, request.text ? &*request.text : nullptr);
      } catch (const std::exception& error) {
        // One bad file must not stop the run (style.md): it becomes an I/O-class error.
        slots[index].error = fmt::format("{}: internal error: {}", files[index].display, error.what());
      }
      // A big file's buffer is not kept: the budget counts files in flight,
      // not what idle workers hold on to.
      if (buffer.capacity() > kKeptBufferBytes) buffer = std::string();
      schedule.done(index);
      ++done;
    }
    const std::lock_guard lock(mutex);
    --running;
    finished.notify_all();
  };

  // std::thread, not jthread: libc++ before 18 (Apple's included) has no jthread.
  std::vector<std::thread> workers;
  // One file (a hook on a one-file commit) is checked on this thread:
  // starting a worker would cost more than it saves.
  const std::size_t count = files.size() > 1 ? running : 0;
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
  lock.unlock();
  for (std::thread& worker : workers) worker.join();
}

}  // namespace

FileResult skipped_file(const std::string& display, const std::string& why) {
  FileResult result;
  result.file = std::make_shared<SourceFile>(display, std::string());
  result.diagnostics.push_back(Diagnostic{
      .rule_id = std::string(kSkippedFileId),
      .severity = Severity::info,
      .message = why.empty() ? std::string("binary file, not checked") : fmt::format("not checked: {}", why),
  });
  return result;
}

CheckOutcome run_check(const CheckRequest& request) {
  CheckOutcome outcome;
  Discovery discovery = request.files ? Discovery{.files = *request.files, .errors = {}} : discover(request.paths);
  for (const PathError& error : discovery.errors) {
    outcome.errors.push_back(fmt::format("{}: {}", error.path, error.message));
  }
  if (!request.files && !files::git_available()) {
    // The walk asked git and found none (a minimal container, a CI image):
    // the files are still checked, but ignore rules went unread.
    fmt::print(stderr, "fanout: note: git is not installed, so folders were walked without .gitignore rules\n");
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

  // --cache, except for git's blobs (--staged), whose stat says nothing.
  std::optional<ResultCache> cache;
  if (!request.cache_location.empty() && !request.files) {
    std::string error;
    cache = ResultCache::load(request.cache_location, &error);
    if (!error.empty()) outcome.errors.push_back(std::move(error));
  }

  std::vector<Slot> slots(discovery.files.size());
  if (!discovery.files.empty()) analyse_all(request, discovery.files, options, slots, cache ? &*cache : nullptr);

  // Slots are in discovery order (sorted by display path): no sort needed, and
  // the output is the same whatever the number of threads.
  for (Slot& slot : slots) {
    if (!slot.error.empty()) outcome.errors.push_back(std::move(slot.error));
    if (cache && slot.result && slot.cache_entry) cache->store(slot.result->file->path(), std::move(*slot.cache_entry));
    outcome.diff += slot.diff;
    if (slot.fixed_text) outcome.fixed_text = std::move(slot.fixed_text);
    if (slot.fixes > 0) {
      outcome.fixes_applied += slot.fixes;
      ++outcome.files_fixed;
    }
    for (AddedImport& added : slot.undeclared) {
      const auto same = [&](const UndeclaredImport& u) {
        return u.import.package == added.package && u.import.manifest == added.manifest &&
               u.import.install == added.install;
      };
      const bool require = added.statement.find("require(") != std::string::npos;
      const auto it = std::find_if(outcome.undeclared_imports.begin(), outcome.undeclared_imports.end(), same);
      if (it != outcome.undeclared_imports.end()) {
        ++it->files;
        it->all_require = it->all_require && require;
      } else {
        outcome.undeclared_imports.push_back(
            UndeclaredImport{.import = std::move(added), .files = 1, .all_require = require});
      }
    }
    if (!slot.result) continue;
    ++outcome.summary.files_checked;
    if (slot.result->parsed) ++outcome.summary.files_parsed;
    outcome.files.push_back(std::move(*slot.result));
  }
  if (cache) {
    // A cache that cannot be written costs the next run time, not this run's result.
    if (auto error = cache->save()) fmt::print(stderr, "fanout: warning: {}\n", *error);
  }
  return outcome;
}

}  // namespace fanout::cli
