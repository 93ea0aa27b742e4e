#include "files/staged_index.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "files/git_index.hpp"
#include "files/own_file.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kRawIdBytes = 20;
constexpr std::size_t kMaxRefBytes = 4096;
constexpr std::size_t kMaxIndexBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxPackedRefsBytes = std::size_t{256} << 20;
constexpr std::size_t kMaxCommitBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxTreeBytes = std::size_t{64} << 20;
constexpr int kMaxSymbolicRefs = 5;
constexpr int kMaxTreeDepth = 1024;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

// What makes git read other objects or refs than the plain layout this file reads.
bool environment_moves_git() {
  for (const char* name : {"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR",
                           "GIT_REPLACE_REF_BASE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

// Settings and files by which git would read other objects or refs than the
// plain files under `git_dir`.
bool repository_is_plain(const std::string& git_dir, const std::string& repository) {
  const OwnFile config = read_own_file(git_dir + "/config", 1u << 20, repository);
  if (config.status != OwnFile::Status::ok) return false;
  std::string lower = config.text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find("objectformat") != std::string::npos || lower.find("refstorage") != std::string::npos) return false;
  std::error_code ec;
  if (fs::exists(git_dir + "/reftable", ec) || fs::exists(git_dir + "/info/grafts", ec) ||
      fs::exists(git_dir + "/commondir", ec)) {
    return false;
  }
  return fs::is_empty(git_dir + "/refs/replace", ec) || !fs::exists(git_dir + "/refs/replace", ec);
}

bool safe_ref_name(std::string_view name) {
  return name.starts_with("refs/") && name.find("..") == std::string_view::npos &&
         name.find('\0') == std::string_view::npos && name.find("//") == std::string_view::npos && !name.ends_with('/');
}

// The commit HEAD names: nullopt (outer) when it cannot be read here, an
// empty id for an unborn branch (the first commit's hook).
std::optional<std::string> head_commit(const std::string& git_dir, const std::string& repository) {
  OwnFile head = read_own_file(git_dir + "/HEAD", kMaxRefBytes, repository);
  if (head.status != OwnFile::Status::ok) return std::nullopt;
  std::string text(trimmed(head.text));
  for (int depth = 0; depth <= kMaxSymbolicRefs; ++depth) {
    if (std::string raw = raw_id(text); raw.size() == kRawIdBytes) return raw;
    if (!text.starts_with("ref: ")) return std::nullopt;
    const std::string name(trimmed(std::string_view(text).substr(5)));
    if (!safe_ref_name(name)) return std::nullopt;
    const OwnFile loose = read_own_file(git_dir + "/" + name, kMaxRefBytes, repository);
    if (loose.status == OwnFile::Status::ok) {
      text = std::string(trimmed(loose.text));
      continue;
    }
    if (loose.status != OwnFile::Status::missing) return std::nullopt;
    const OwnFile packed = read_own_file(git_dir + "/packed-refs", kMaxPackedRefsBytes, repository);
    if (packed.status == OwnFile::Status::refused) return std::nullopt;
    if (packed.text.find("refs/replace/") != std::string::npos) return std::nullopt;
    std::string_view lines = packed.text;
    while (!lines.empty()) {
      const std::size_t end = std::min(lines.find('\n'), lines.size());
      const std::string_view line = trimmed(lines.substr(0, end));
      lines.remove_prefix(std::min(end + 1, lines.size()));
      // "<id> <name>"; "#" starts the header, "^" a peeled tag's target
      if (line.size() > 2 * kRawIdBytes + 1 && line[2 * kRawIdBytes] == ' ' &&
          line.substr(2 * kRawIdBytes + 1) == name) {
        std::string raw = raw_id(line.substr(0, 2 * kRawIdBytes));
        return raw.size() == kRawIdBytes ? std::optional(std::move(raw)) : std::nullopt;
      }
    }
    return std::string();  // no such branch yet
  }
  return std::nullopt;
}

struct Comparison {
  const GitIndex& index;
  ObjectStore& objects;
  // Per index entry: not seen in HEAD, the same, changed, or changed type
  // (a link that became a file: `T`, which --diff-filter=ACMR leaves out).
  enum class State : std::uint8_t { added, same, modified, type_changed };
  std::vector<State> states = std::vector<State>(index.entries.size(), State::added);

  using Range = std::pair<std::size_t, std::size_t>;

  // Compares HEAD's tree `tree_id` at `prefix` ("", "src/") with the index
  // entries in `range`, which are those under `prefix`. Both are sorted the
  // same way (a tree sorts a folder as "name/"), so one cursor walks the
  // entries along the tree: linear, where a search per name was not.
  bool compare(std::string_view tree_id, const std::string& prefix, Range range, int depth) {
    if (range.first == range.second) return true;  // all of it deleted: not listed
    // The cache tree says the index holds this very tree here: nothing below
    // changed, and the tree need not be read (a hook usually reads three).
    if (const auto cached = index.trees.find(prefix); cached != index.trees.end() && cached->second == tree_id) {
      std::fill(states.begin() + static_cast<std::ptrdiff_t>(range.first),
                states.begin() + static_cast<std::ptrdiff_t>(range.second), State::same);
      return true;
    }
    if (depth > kMaxTreeDepth) return false;
    const auto tree = objects.read(tree_id, kMaxTreeBytes);
    if (!tree || tree->type != ObjectType::tree) return false;
    const auto& entries = index.entries;
    std::size_t cursor = range.first;
    std::string path = prefix;
    std::string previous;
    std::string_view rest = tree->data;
    while (!rest.empty()) {  // "<octal mode> <name>\0<raw id>"
      const std::size_t space = rest.find(' ');
      const std::size_t nul = rest.find('\0');
      if (space == std::string_view::npos || nul == std::string_view::npos || space > nul ||
          rest.size() - nul - 1 < kRawIdBytes) {
        return false;
      }
      std::uint32_t mode = 0;
      for (const char c : rest.substr(0, space)) {
        if (c < '0' || c > '7' || mode > 0777777) return false;
        mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
      }
      const bool folder = (mode & 0170000) == 0040000;
      path.resize(prefix.size());
      path.append(rest.substr(space + 1, nul - space - 1));
      if (folder) path += '/';
      const std::string_view id = rest.substr(nul + 1, kRawIdBytes);
      rest.remove_prefix(nul + 1 + kRawIdBytes);
      // A tree out of git's order would lose entries to the cursor.
      if (path <= previous) return false;
      previous = path;
      while (cursor < range.second && entries[cursor].path < path) ++cursor;  // not in HEAD: added
      if (folder) {
        const auto end = std::partition_point(
            entries.begin() + static_cast<std::ptrdiff_t>(cursor), entries.begin() + static_cast<std::ptrdiff_t>(range.second),
            [&](const IndexEntry& e) { return e.path.starts_with(path); });
        const Range inside{cursor, static_cast<std::size_t>(end - entries.begin())};
        if (!compare(id, path, inside, depth + 1)) return false;
        cursor = inside.second;
        continue;
      }
      for (; cursor < range.second && entries[cursor].path == path; ++cursor) {
        const IndexEntry& entry = entries[cursor];
        if (entry.stage != 0) {
          states[cursor] = State::same;  // a conflict: `U`, not listed
        } else if ((entry.mode & 0170000) != (mode & 0170000)) {
          states[cursor] = State::type_changed;
        } else {
          const bool same_id = std::string_view(entry.id.data(), entry.id.size()) == id;
          states[cursor] = entry.mode == mode && same_id ? State::same : State::modified;
        }
      }
    }
    return true;
  }
};

}  // namespace

std::optional<std::vector<StagedEntry>> staged_without_git(const std::string& git_dir, const std::string& repository,
                                                           ObjectStore& objects) {
  if (environment_moves_git() || !repository_is_plain(git_dir, repository)) return std::nullopt;
  // A hook runs with the index git names: `.git/index` for `git commit`, a
  // temporary one by its absolute path for `git commit -a` and `git commit
  // FILE`. git reads a relative name from the top of the work tree, wherever
  // it was started, and so does this. The plain index is the repository's.
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  const OwnFile bytes =
      index_file == nullptr   ? read_own_file(git_dir + "/index", kMaxIndexBytes, repository)
      : index_file[0] == '/' ? read_own_file(index_file, kMaxIndexBytes, {})
                             : read_own_file(repository + "/" + index_file, kMaxIndexBytes, {});
  if (bytes.status == OwnFile::Status::refused) return std::nullopt;
  std::optional<GitIndex> index = bytes.status == OwnFile::Status::missing ? GitIndex{} : parse_git_index(bytes.text);
  if (!index) return std::nullopt;
  const auto commit = head_commit(git_dir, repository);
  if (!commit) return std::nullopt;
  Comparison comparison{.index = *index, .objects = objects};
  if (!commit->empty()) {
    const auto object = objects.read(*commit, kMaxCommitBytes);
    if (!object || object->type != ObjectType::commit || !object->data.starts_with("tree ")) return std::nullopt;
    const std::string tree = raw_id(std::string_view(object->data).substr(5, 2 * kRawIdBytes));
    if (tree.size() != kRawIdBytes || !comparison.compare(tree, "", {0, index->entries.size()}, 0)) {
      return std::nullopt;
    }
  }
  std::vector<StagedEntry> staged;
  for (std::size_t i = 0; i < index->entries.size(); ++i) {
    const IndexEntry& entry = index->entries[i];
    const auto state = comparison.states[i];
    if (entry.stage != 0 || (state != Comparison::State::added && state != Comparison::State::modified)) continue;
    staged.push_back(StagedEntry{.path = entry.path, .mode = entry.mode,
                                 .blob = hex_id(std::string_view(entry.id.data(), entry.id.size()))});
  }
  return staged;
}

}  // namespace fanout::files
