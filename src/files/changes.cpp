// Change sets from git for `fanout check --staged` and `--changed-since REF`.
//
// Decisions:
// - --staged reads the staged blobs (by object id: loose objects straight from
//   .git/objects, the rest through one `git cat-file --batch`), not the work
//   tree, so a partially staged file is judged as it will be committed. Git
//   runs with the caller's environment: inside a hook, GIT_INDEX_FILE names
//   the index `git commit -a` / `git commit PATH` builds.
// - --changed-since REF compares the merge base of REF and HEAD with the work
//   tree (`git diff $(git merge-base REF HEAD)`): in CI that is exactly the
//   pull request's diff, and locally it adds the uncommitted work. Untracked,
//   not ignored files count as changed on every line. Only lines added or
//   modified count; a pure deletion changes no line that is still there.
// - Deleted files, submodules and symlinks are skipped, and so are names
//   without a JS/TS ending, even when named on the command line.
// - PATHs limit the set as literal pathspecs (a Next.js `[id].ts` is a name,
//   not a glob); absolute paths inside the work tree work, as lint-staged passes.
#include "files/changes.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <cstring>

#include <fmt/format.h>

#include "files/git.hpp"
#include "files/object_store.hpp"
#include "files/staged_index.hpp"
#include "files/own_file.hpp"
#include "files/walker.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;

// Settings that change what `git diff` prints are pinned, whatever the
// user's configuration says (colour, prefixes, external diff drivers).
const std::vector<std::string> kPlainDiff = {
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/",
};

std::optional<std::string> git(std::vector<std::string> args) {
  args.insert(args.begin(), {"-c", "core.quotePath=false", "--literal-pathspecs"});
  return run_git(args, nullptr, GitEnv::inherited);
}

void add_pathspecs(std::vector<std::string>& args, const std::vector<std::string>& paths) {
  args.emplace_back("--");
  args.insert(args.end(), paths.begin(), paths.end());
}

// The top of the work tree without a git process, when it is plain to see:
// a `.git` folder in the working directory or above, and nothing that could
// put the top elsewhere (GIT_DIR or GIT_WORK_TREE, a `.git` file as linked
// work trees and submodules have, core.worktree or an include in its config,
// a working directory inside a `.git` folder). A hook runs at the top of a
// plain repository: this spares it one of its git processes.
std::optional<std::string> plain_top_prefix() {
  if (std::getenv("GIT_DIR") != nullptr || std::getenv("GIT_WORK_TREE") != nullptr) return std::nullopt;
  if (const char* params = std::getenv("GIT_CONFIG_PARAMETERS"); params && std::strstr(params, "worktree")) {
    return std::nullopt;
  }
  std::error_code ec;
  fs::path at = fs::current_path(ec);
  if (ec) return std::nullopt;
  for (const auto& part : at) {
    if (part == ".git") return std::nullopt;
  }
  std::string cdup;
  for (;;) {
    const fs::path dot_git = at / ".git";
    const fs::file_status status = fs::symlink_status(dot_git, ec);
    if (fs::is_directory(status)) {
      const OwnFile config = read_own_file((dot_git / "config").string(), 1u << 20, {});
      if (config.status != OwnFile::Status::ok || config.text.find("worktree") != std::string::npos ||
          config.text.find("include") != std::string::npos) {
        return std::nullopt;
      }
      return cdup;
    }
    if (fs::exists(status) || !at.has_relative_path()) return std::nullopt;
    at = at.parent_path();
    cdup += "../";
  }
}

// The top of the work tree as a prefix: "../../" when the working directory
// is two levels below it (git's paths are relative to the top, files are
// opened relative to the working directory), and whether the layout was
// plain to see (then `cdup` + ".git" is the git directory).
struct Top {
  std::string cdup;
  bool plain = false;
};

std::optional<Top> top_prefix() {
  if (auto plain = plain_top_prefix()) return Top{.cdup = std::move(*plain), .plain = true};
  auto cdup = git({"rev-parse", "--show-cdup"});
  if (!cdup) return std::nullopt;
  while (!cdup->empty() && cdup->back() == '\n') cdup->pop_back();
  return Top{.cdup = std::move(*cdup)};
}

SourcePath source_for(const std::string& cdup, const std::string& top_relative, std::string blob = {}) {
  std::string path = cdup + top_relative;
  return SourcePath{.path = path, .display = display_path(path), .blob = std::move(blob)};
}

void sort_unique(std::vector<SourcePath>& files) {
  std::sort(files.begin(), files.end(), [](const SourcePath& a, const SourcePath& b) { return a.display < b.display; });
  auto dup = std::unique(files.begin(), files.end(),
                         [](const SourcePath& a, const SourcePath& b) { return a.display == b.display; });
  files.erase(dup, files.end());
}

std::vector<std::string_view> split_nul(std::string_view text) {
  std::vector<std::string_view> fields;
  while (!text.empty()) {
    const auto end = text.find('\0');
    fields.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return fields;
}

// `-U0` hunk header: "@@ -a[,b] +c[,d] @@ ...". Returns false when malformed.
bool parse_hunk_header(std::string_view line, std::uint32_t& old_count, std::uint32_t& new_start,
                       std::uint32_t& new_count) {
  const auto number = [](std::string_view& s, std::uint32_t& out) {
    std::size_t used = 0;
    out = 0;
    while (used < s.size() && s[used] >= '0' && s[used] <= '9') out = out * 10 + static_cast<std::uint32_t>(s[used++] - '0');
    s.remove_prefix(used);
    return used > 0;
  };
  const auto range = [&](std::string_view& s, char sign, std::uint32_t& start, std::uint32_t& count) {
    if (s.empty() || s.front() != sign) return false;
    s.remove_prefix(1);
    if (!number(s, start)) return false;
    count = 1;  // "+c" alone means one line
    if (!s.empty() && s.front() == ',') {
      s.remove_prefix(1);
      if (!number(s, count)) return false;
    }
    return true;
  };
  std::string_view s = line.substr(3);
  std::uint32_t old_start = 0;
  if (!range(s, '-', old_start, old_count) || s.empty() || s.front() != ' ') return false;
  s.remove_prefix(1);
  return range(s, '+', new_start, new_count);
}

}  // namespace

std::string unquote_git_path(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
  text = text.substr(1, text.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char c = text[++i];
    if (c >= '0' && c <= '7') {  // \ooo: one byte of a UTF-8 name
      int value = 0;
      for (int k = 0; k < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++k, ++i) {
        value = value * 8 + (text[i] - '0');
      }
      --i;
      out += static_cast<char>(value);
      continue;
    }
    static constexpr std::string_view kFrom = "abtnvfr";
    static constexpr std::string_view kTo = "\a\b\t\n\v\f\r";
    const auto at = kFrom.find(c);
    out += at == std::string_view::npos ? c : kTo[at];
  }
  return out;
}

std::map<std::string, LineSet, std::less<>> parse_zero_context_diff(std::string_view patch) {
  std::map<std::string, LineSet, std::less<>> lines;
  std::string current;
  // Inside a hunk the body is counted, so an added line reading "++ x" (shown
  // as "+++ x") is never taken for a file header.
  std::uint32_t old_left = 0;
  std::uint32_t new_left = 0;
  while (!patch.empty()) {
    const auto end = patch.find('\n');
    std::string_view line = patch.substr(0, end);
    patch.remove_prefix(end == std::string_view::npos ? patch.size() : end + 1);

    if (old_left > 0 || new_left > 0) {
      if (line.starts_with('-') && old_left > 0) {
        --old_left;
        continue;
      }
      if (line.starts_with('+') && new_left > 0) {
        --new_left;
        continue;
      }
      if (line.starts_with('\\')) continue;  // "\ No newline at end of file"
      old_left = new_left = 0;               // malformed: resynchronise on headers
    }
    if (line.starts_with("diff --git ")) {
      current.clear();
    } else if (line.starts_with("+++ ")) {
      std::string_view name = line.substr(4);
      // git ends the header with a tab when an unquoted name has a space.
      if (!name.starts_with('"') && name.ends_with('\t')) name.remove_suffix(1);
      std::string path = unquote_git_path(name);
      current = path.starts_with("b/") ? path.substr(2) : std::string();
      if (!current.empty()) lines[current];
    } else if (line.starts_with("@@ ") && !current.empty()) {
      std::uint32_t new_start = 0;
      std::uint32_t new_count = 0;
      if (!parse_hunk_header(line, old_left, new_start, new_count)) continue;
      new_left = new_count;
      LineSet& set = lines[current];
      for (std::uint32_t k = 0; k < new_count; ++k) set.insert(new_start + k);
    }
  }
  return lines;
}

namespace {

// What a staged blob's content reads as: text, or why it is not checked.
std::shared_ptr<const ReadResult> staged_read(std::string content) {
  ReadResult read;
  if (is_binary(content)) {
    read = ReadResult{.status = ReadResult::Status::binary, .text = {}, .error = "binary file (contains a NUL byte)"};
  } else {
    read = ReadResult{.status = ReadResult::Status::ok, .text = std::move(content), .error = {}};
  }
  return std::make_shared<const ReadResult>(std::move(read));
}

// `git cat-file --batch` output, as it arrives: "<id> <type> <size>\n",
// the content and "\n" for each object, or "<id> missing\n". Content over
// kMaxSourceBytes is skipped as it streams by, never held.
class BatchReader {
 public:
  explicit BatchReader(std::vector<SourcePath*> files) : files_(std::move(files)) {}

  void operator()(std::string& pending) {
    std::size_t used = 0;
    while (used < pending.size() && index_ < files_.size()) {
      if (left_ == 0) {
        const auto newline = pending.find('\n', used);
        if (newline == std::string::npos) break;
        header(std::string_view(pending).substr(used, newline - used));
        used = newline + 1;
        continue;
      }
      const std::size_t take = std::min(left_, pending.size() - used);
      if (keep_) body_.append(pending, used, take);
      used += take;
      left_ -= take;
      if (left_ == 0) finish();
    }
    pending.erase(0, used);
  }

 private:
  void header(std::string_view line) {
    const auto space = line.rfind(' ');
    std::uint64_t size = 0;
    const bool sized = space != std::string_view::npos && !line.ends_with(" missing") &&
                       std::from_chars(line.data() + space + 1, line.data() + line.size(), size).ec == std::errc();
    if (!sized) {
      ++index_;  // left without content: read_source reports it
      return;
    }
    left_ = size + 1;  // the content and its closing newline
    keep_ = size <= kMaxSourceBytes;
    body_.clear();
    if (keep_) body_.reserve(size + 1);
  }

  void finish() {
    if (!keep_) {
      files_[index_++]->staged = std::make_shared<const ReadResult>(
          ReadResult{.status = ReadResult::Status::too_large, .text = {},
                     .error = fmt::format("file is larger than {} MiB", kMaxSourceBytes >> 20)});
    } else {
      body_.pop_back();
      files_[index_++]->staged = staged_read(std::move(body_));
    }
    body_ = std::string();
  }

  std::vector<SourcePath*> files_;
  std::size_t index_ = 0;
  std::size_t left_ = 0;  // bytes of the current object still to come, its newline included
  bool keep_ = false;
  std::string body_;
};

// The staged entries as `git diff --cached --raw` lists them.
std::optional<std::vector<StagedEntry>> staged_by_git(const std::vector<std::string>& paths) {
  // --raw gives the staged blob's id with each name; unborn branches compare
  // with the empty tree, so the first commit works too.
  std::vector<std::string> args = {"diff", "--cached", "--raw", "-z", "--no-abbrev", "--diff-filter=ACMR"};
  args.insert(args.end(), kPlainDiff.begin(), kPlainDiff.end());
  add_pathspecs(args, paths);
  const auto raw = git(args);
  if (!raw) return std::nullopt;
  std::vector<StagedEntry> staged;
  // Records: ":old_mode new_mode old_id new_id STATUS" NUL path NUL [new_path NUL]
  const auto fields = split_nul(*raw);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view meta = fields[i];
    if (!meta.starts_with(':')) continue;
    std::vector<std::string_view> parts;
    for (std::size_t start = 1; start <= meta.size();) {
      const auto space = std::min(meta.find(' ', start), meta.size());
      parts.push_back(meta.substr(start, space - start));
      start = space + 1;
    }
    if (parts.size() < 5 || i + 1 >= fields.size()) break;
    const bool two_names = parts[4].starts_with('R') || parts[4].starts_with('C');
    const std::string_view name = fields[two_names ? i + 2 : i + 1];
    i += two_names ? 2 : 1;
    std::uint32_t mode = 0;
    std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), mode, 8);
    staged.push_back(StagedEntry{.path = std::string(name), .mode = mode, .blob = std::string(parts[3])});
  }
  return staged;
}

}  // namespace

ChangeSet staged_changes(const std::vector<std::string>& paths) {
  ChangeSet out;
  const auto top = top_prefix();
  if (!top) {
    out.error = "--staged: not inside a git work tree (or git is not installed)";
    return out;
  }
  const std::string& cdup = top->cdup;
  // When git's layout is plain to see, the index, HEAD and the staged blobs
  // are read here: a one-file hook then starts no git process. Pathspecs
  // are git's to interpret.
  const std::string git_dir = cdup + ".git";
  std::error_code ec;
  const std::string repository = fs::absolute(cdup + ".", ec).lexically_normal().string();
  std::optional<ObjectStore> objects;
  if (top->plain && std::getenv("GIT_OBJECT_DIRECTORY") == nullptr) objects.emplace(git_dir);
  std::optional<std::vector<StagedEntry>> staged;
  if (objects && paths.empty()) staged = staged_without_git(git_dir, repository, *objects);
  if (!staged) staged = staged_by_git(paths);
  if (!staged) {
    out.error = "--staged: `git diff --cached` failed";
    return out;
  }
  for (StagedEntry& entry : *staged) {
    if ((entry.mode != 0100644 && entry.mode != 0100755) || !has_source_extension(entry.path)) continue;
    out.files.push_back(source_for(cdup, entry.path, std::move(entry.blob)));
  }
  sort_unique(out.files);

  std::vector<SourcePath*> from_git;
  for (SourcePath& file : out.files) {
    if (objects) {
      if (auto content = objects->blob(file.blob, kMaxSourceBytes)) {
        file.staged = staged_read(std::move(*content));
        continue;
      }
    }
    from_git.push_back(&file);
  }
  if (from_git.empty()) return out;
  // The others (larger, or in a layout only git knows) come through one
  // `git cat-file --batch`: a process per file made a 300-file commit take
  // four seconds.
  std::string ids;
  for (const SourcePath* file : from_git) ids += file->blob + '\n';
  BatchReader reader(std::move(from_git));
  GitProcess blobs({"cat-file", "--batch"},
                   GitCall{.scope = GitEnv::inherited, .stream = [&reader](std::string& pending) { reader(pending); }},
                   /*piped_input=*/true);
  blobs.finish(&ids);
  return out;
}

ChangeSet changes_since(const std::string& ref, const std::vector<std::string>& paths) {
  ChangeSet out;
  out.whole_files = false;
  const auto top = top_prefix();
  if (!top) {
    out.error = "--changed-since: not inside a git work tree (or git is not installed)";
    return out;
  }
  const std::string& cdup = top->cdup;
  // A REF starting with '-' would be read as an option by git.
  const auto commit = ref.empty() || ref.starts_with('-')
                          ? std::nullopt
                          : git({"rev-parse", "--verify", "--quiet", ref + "^{commit}"});
  if (!commit) {
    out.error = fmt::format("--changed-since `{}`: not a commit in this repository", ref);
    return out;
  }
  auto base = git({"merge-base", commit->substr(0, commit->find('\n')), "HEAD"});
  if (!base) {
    out.error = fmt::format("--changed-since `{}`: no common ancestor with HEAD", ref);
    return out;
  }
  base->erase(base->find('\n'));

  // A diff against the work tree hashes changed files through the clean
  // filters the repository configures: run_git blanks every one of them.
  std::vector<std::string> args;
  args.insert(args.end(), {"diff", "-U0", "-M", "--diff-filter=ACMR"});
  args.insert(args.end(), kPlainDiff.begin(), kPlainDiff.end());
  args.push_back(*base);
  add_pathspecs(args, paths);
  const auto patch = git(args);
  if (!patch) {
    out.error = fmt::format("--changed-since `{}`: `git diff` failed", ref);
    return out;
  }
  for (auto& [name, set] : parse_zero_context_diff(*patch)) {
    // Only lines still in the file can carry a finding to report.
    if (set.empty() || !has_source_extension(name)) continue;
    SourcePath source = source_for(cdup, name);
    out.lines.emplace(source.display, std::move(set));
    out.files.push_back(std::move(source));
  }

  std::vector<std::string> others = {"ls-files", "-z", "--others", "--exclude-standard", "--full-name"};
  add_pathspecs(others, paths);
  if (const auto untracked = git(others)) {
    for (const std::string_view name : split_nul(*untracked)) {
      if (!name.empty() && has_source_extension(name)) out.files.push_back(source_for(cdup, std::string(name)));
    }
  }
  sort_unique(out.files);
  return out;
}

}  // namespace fanout::files

namespace fanout {

ReadResult read_source(const SourcePath& source, std::string buffer) {
  if (source.blob.empty()) return read_source(source.path, std::move(buffer));
  if (!source.staged) {
    return ReadResult{.status = ReadResult::Status::error,
                      .text = {},
                      .error = fmt::format("cannot read the staged content (git object {})", source.blob)};
  }
  ReadResult copy = *source.staged;
  if (copy.status == ReadResult::Status::ok) {
    buffer.assign(copy.text);
    copy.text = std::move(buffer);
  }
  return copy;
}

}  // namespace fanout
