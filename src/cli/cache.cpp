#include "cli/cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <type_traits>

#include <fmt/format.h>
#include <xxhash.h>

#include "config/config.hpp"
#include "config/discovery.hpp"
#include "files/own_file.hpp"
#include "files/temporary.hpp"

namespace fanout::cli {
namespace {

// Bumped whenever the layout below changes: an older file is then foreign.
constexpr std::uint32_t kFormat = 2;  // 2: suppressed findings
constexpr std::string_view kMagic{"FANOUTC\0", 8};

/// Appends fixed-size integers (host order: the cache never leaves the machine) and sized strings.
class Writer {
 public:
  template <typename T>
  void num(T value) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void str(std::string_view s) {
    num(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Reads what Writer wrote; any overrun marks the whole input bad.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  T num() {
    T value{};
    if (in_.size() - at_ < sizeof value) {
      bad_ = true;
      return value;
    }
    std::memcpy(&value, in_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::string str() {
    const auto size = num<std::uint32_t>();
    if (bad_ || in_.size() - at_ < size) {
      bad_ = true;
      return {};
    }
    std::string s(in_.substr(at_, size));
    at_ += size;
    return s;
  }
  /// A count of items that each take at least `min_bytes`: bounded by what is left.
  std::size_t count(std::size_t min_bytes) {
    const auto n = num<std::uint32_t>();
    if (n > (in_.size() - at_) / min_bytes) bad_ = true;
    return bad_ ? 0 : n;
  }
  bool bad() const { return bad_; }
  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  bool bad_ = false;
};

void write_diagnostic(Writer& w, const Diagnostic& d) {
  w.str(d.rule_id);
  w.num(d.severity);
  w.num(d.span.start);
  w.num(d.span.end);
  w.str(d.message);
  w.num(static_cast<std::uint32_t>(d.related.size()));
  for (const Related& r : d.related) {
    w.num(r.span.start);
    w.num(r.span.end);
    w.str(r.label);
  }
  w.str(d.help);
  w.num(static_cast<std::uint8_t>(d.fix.has_value()));
  if (d.fix) {
    w.str(d.fix->title);
    w.num(d.fix->applicability);
    w.num(static_cast<std::uint32_t>(d.fix->edits.size()));
    for (const Edit& e : d.fix->edits) {
      w.num(e.start);
      w.num(e.end);
      w.str(e.replacement);
    }
  }
}

Diagnostic read_diagnostic(Reader& r) {
  Diagnostic d;
  d.rule_id = r.str();
  d.severity = r.num<Severity>();
  d.span.start = r.num<std::uint32_t>();
  d.span.end = r.num<std::uint32_t>();
  d.message = r.str();
  for (std::size_t n = r.count(12); n > 0; --n) {
    Related related;
    related.span.start = r.num<std::uint32_t>();
    related.span.end = r.num<std::uint32_t>();
    related.label = r.str();
    d.related.push_back(std::move(related));
  }
  d.help = r.str();
  if (r.num<std::uint8_t>() != 0) {
    Fix fix;
    fix.title = r.str();
    fix.applicability = r.num<Applicability>();
    for (std::size_t n = r.count(12); n > 0; --n) {
      Edit edit;
      edit.start = r.num<std::uint32_t>();
      edit.end = r.num<std::uint32_t>();
      edit.replacement = r.str();
      fix.edits.push_back(std::move(edit));
    }
    d.fix = std::move(fix);
  }
  // Enums read from disk are checked, never trusted.
  if (d.severity > Severity::error || d.fix.value_or(Fix{}).applicability > Applicability::display_only) {
    return Diagnostic{.rule_id = {}};
  }
  return d;
}

}  // namespace

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
#if defined(__APPLE__)
  const struct timespec& mtime = st.st_mtimespec;  // macOS's name for POSIX's st_mtim
#else
  const struct timespec& mtime = st.st_mtim;
#endif
  return FileStamp{.size = static_cast<std::uint64_t>(st.st_size),
                   .mtime_ns = static_cast<std::int64_t>(mtime.tv_sec) * 1'000'000'000 + mtime.tv_nsec,
                   .inode = static_cast<std::uint64_t>(st.st_ino)};
}

std::uint64_t content_hash(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

std::uint64_t options_hash(const AnalysisOptions& o) {
  // Every option is in its JSON form (what --print-config shows, and the
  // run-only flags), so a new option cannot be forgotten here.
  return content_hash(std::string(FANOUT_VERSION) + '\0' + config::options_to_json(o, true).dump());
}

ResultCache ResultCache::load(const std::string& path, std::string* error) {
  ResultCache cache;
  cache.path_ = path;
  // A committed `.fanoutcache` may be a link to /dev/zero or a FIFO: read
  // only a regular file, of bounded size, inside the repository.
  files::OwnFile file = files::read_own_file(path, kMaxCacheBytes, config::link_boundary(path));
  if (file.status == files::OwnFile::Status::refused && error != nullptr) {
    *error = fmt::format("{}: cannot read the cache: {}", path, file.error);
  }
  if (file.status != files::OwnFile::Status::ok) return cache;
  const std::string bytes = std::move(file.text);
  // Magic, format and version first; the checksum covers everything before it.
  if (bytes.size() < kMagic.size() + 8 || std::string_view(bytes).substr(0, kMagic.size()) != kMagic) return cache;
  const std::string_view body = std::string_view(bytes).substr(0, bytes.size() - 8);
  std::uint64_t checksum = 0;
  std::memcpy(&checksum, bytes.data() + body.size(), sizeof checksum);
  if (checksum != content_hash(body)) return cache;
  Reader r(body.substr(kMagic.size()));
  if (r.num<std::uint32_t>() != kFormat || r.str() != FANOUT_VERSION) return cache;
  std::map<std::string, CacheEntry, std::less<>> entries;
  for (std::size_t n = r.count(45); n > 0 && !r.bad(); --n) {
    std::string display = r.str();
    CacheEntry e;
    e.stamp.size = r.num<std::uint64_t>();
    e.stamp.mtime_ns = r.num<std::int64_t>();
    e.stamp.inode = r.num<std::uint64_t>();
    e.content = r.num<std::uint64_t>();
    e.options = r.num<std::uint64_t>();
    e.parsed = r.num<std::uint8_t>() != 0;
    for (std::size_t d = r.count(26); d > 0 && !r.bad(); --d) {
      e.diagnostics.push_back(read_diagnostic(r));
      if (e.diagnostics.back().rule_id.empty()) return cache;
    }
    for (std::size_t d = r.count(30); d > 0 && !r.bad(); --d) {
      Suppressed suppressed{.diagnostic = read_diagnostic(r)};
      suppressed.justification = r.str();
      if (suppressed.diagnostic.rule_id.empty()) return cache;
      e.suppressed.push_back(std::move(suppressed));
    }
    entries.emplace(std::move(display), std::move(e));
  }
  if (r.bad() || !r.done()) return cache;
  cache.entries_ = std::move(entries);
  return cache;
}

const CacheEntry* ResultCache::find(const std::string& display) const {
  const auto it = entries_.find(display);
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<std::string> ResultCache::save() const {
  Writer w;
  w.bytes().append(kMagic);
  w.num(kFormat);
  w.str(FANOUT_VERSION);
  w.num(static_cast<std::uint32_t>(entries_.size()));
  for (const auto& [display, e] : entries_) {
    w.str(display);
    w.num(e.stamp.size);
    w.num(e.stamp.mtime_ns);
    w.num(e.stamp.inode);
    w.num(e.content);
    w.num(e.options);
    w.num(static_cast<std::uint8_t>(e.parsed));
    w.num(static_cast<std::uint32_t>(e.diagnostics.size()));
    for (const Diagnostic& d : e.diagnostics) write_diagnostic(w, d);
    w.num(static_cast<std::uint32_t>(e.suppressed.size()));
    for (const Suppressed& s : e.suppressed) {
      write_diagnostic(w, s.diagnostic);
      w.str(s.justification);
    }
  }
  w.num(content_hash(w.bytes()));

  // Temporary file beside the cache, then rename: a reader sees the old
  // cache or the new one, never half of one.
  files::remove_stale_temporaries(std::filesystem::path(path_).parent_path().string());
  if (auto error = files::replace_file(path_, w.bytes(), 0644)) return "cannot write " + path_ + ": " + *error;
  return std::nullopt;
}

}  // namespace fanout::cli
