#include "cli/baseline.hpp"

#include <unistd.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/discovery.hpp"
#include "config/jsonc.hpp"
#include "files/own_file.hpp"
#include "files/temporary.hpp"


namespace fanout::cli {
namespace {

namespace fs = std::filesystem;

// Notes about the run itself are not findings a baseline could hold.
bool countable(const Diagnostic& diagnostic) {
  return diagnostic.rule_id != kParseErrorId && diagnostic.rule_id != kSkippedFileId;
}

}  // namespace

std::optional<std::string> read_baseline(const std::string& path, bool optional, BaselineCounts& out,
                                         const std::string& within) {
  out.clear();
  const files::OwnFile file = files::read_own_file(path, kMaxBaselineBytes, within);
  if (file.status == files::OwnFile::Status::missing && optional) return std::nullopt;
  if (file.status != files::OwnFile::Status::ok) {
    return fmt::format("{}: cannot read the suppressions file: {}", path, file.error);
  }
  struct TooDeep {};
  try {
    // Nesting is bounded as in configuration files: nothing a baseline holds
    // is deeper than three levels.
    const auto root = nlohmann::json::parse(file.text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > static_cast<int>(config::kMaxJsonDepth)) throw TooDeep{};
      return true;
    });
    if (!root.is_object()) return fmt::format("{}: expected an object of files", path);
    for (const auto& [key, rules] : root.items()) {
      if (!rules.is_object()) return fmt::format("{}: {}: expected an object of rules", path, key);
      for (const auto& [rule, entry] : rules.items()) {
        if (!entry.is_object() || !entry.contains("count") || !entry["count"].is_number_unsigned()) {
          return fmt::format("{}: {}: {}: expected {{ \"count\": N }}", path, key, rule);
        }
        out[key][rule] = entry["count"].get<std::size_t>();
      }
    }
  } catch (const TooDeep&) {
    return fmt::format("{}: invalid suppressions file: nested deeper than {} levels", path, config::kMaxJsonDepth);
  } catch (const nlohmann::json::exception& error) {
    return fmt::format("{}: invalid suppressions file: {}", path, error.what());
  }
  return std::nullopt;
}

std::string baseline_text(const BaselineCounts& counts) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  for (const auto& [file, rules] : counts) {  // std::map: keys come sorted
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    for (const auto& [rule, count] : rules) entry[rule] = {{"count", count}};
    if (!entry.empty()) root[file] = std::move(entry);
  }
  return root.dump(2) + "\n";
}

std::optional<std::string> write_baseline(const std::string& path, const BaselineCounts& counts) {
  // A temporary file renamed over the old one: an interrupted run never
  // leaves half a baseline behind, a failed write (a full disk) removes its
  // temporary file, and one a killed run left is removed by the next write.
  files::remove_stale_temporaries(fs::path(path).parent_path().string());
  struct stat old {};
  const mode_t mode = ::stat(path.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0644;
  if (auto error = files::replace_file(path, baseline_text(counts), mode)) {
    return fmt::format("{}: cannot write the suppressions file: {}", path, *error);
  }
  return std::nullopt;
}

std::string baseline_key(const std::string& display_path, const std::string& repo_root) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(display_path, ec).lexically_normal();
  if (repo_root.empty()) return fs::path(display_path).lexically_normal().generic_string();
  const fs::path relative = absolute.lexically_relative(repo_root);
  if (relative.empty() || relative.begin()->string() == "..") return absolute.generic_string();
  return relative.generic_string();
}

BaselineCounts count_findings(const std::vector<FileResult>& files, const std::vector<std::string>& keys) {
  BaselineCounts counts;
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const Diagnostic& diagnostic : files[i].diagnostics) {
      if (countable(diagnostic)) ++counts[keys[i]][diagnostic.rule_id];
    }
  }
  return counts;
}

BaselineOutcome apply_baseline(const BaselineCounts& baseline, std::vector<FileResult>& files,
                               const std::vector<std::string>& keys, const std::string& repo_root) {
  BaselineOutcome outcome;
  outcome.pruned = baseline;
  const BaselineCounts current = count_findings(files, keys);
  std::set<std::string, std::less<>> checked(keys.begin(), keys.end());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto recorded = baseline.find(keys[i]);
    if (recorded == baseline.end()) continue;
    std::map<std::string, std::size_t, std::less<>> hide = recorded->second;
    std::erase_if(files[i].diagnostics, [&](const Diagnostic& diagnostic) {
      if (!countable(diagnostic)) return false;
      const auto left = hide.find(diagnostic.rule_id);
      if (left == hide.end() || left->second == 0) return false;
      --left->second;
      ++outcome.suppressed;
      return true;
    });
  }
  for (auto file = outcome.pruned.begin(); file != outcome.pruned.end();) {
    std::error_code ec;
    const bool gone = !checked.contains(file->first) && !repo_root.empty() &&
                      !fs::exists(fs::path(repo_root) / file->first, ec);
    const auto now = current.find(file->first);
    for (auto rule = file->second.begin(); rule != file->second.end();) {
      std::size_t occurs = rule->second;  // a file not checked now keeps its count
      if (gone) {
        occurs = 0;
      } else if (checked.contains(file->first)) {
        const bool found = now != current.end() && now->second.contains(rule->first);
        occurs = found ? std::min(rule->second, now->second.find(rule->first)->second) : 0;
      }
      outcome.stale += rule->second - occurs;
      rule->second = occurs;
      rule = occurs == 0 ? file->second.erase(rule) : std::next(rule);
    }
    file = file->second.empty() ? outcome.pruned.erase(file) : std::next(file);
  }
  return outcome;
}

BaselineCounts merge_counts(const BaselineCounts& baseline, const BaselineCounts& current,
                            const std::vector<std::string>& keys) {
  BaselineCounts merged = baseline;
  for (const std::string& key : keys) merged.erase(key);
  for (const auto& [file, rules] : current) merged[file] = rules;
  return merged;
}

std::optional<std::string> run_baseline(const BaselineRequest& request, std::vector<FileResult>& files) {
  const std::string repo_root = config::repository_root(".");
  const std::string location = !request.location.empty() ? request.location
                               : repo_root.empty()       ? std::string(kBaselineFile)
                                                         : (fs::path(repo_root) / kBaselineFile).string();
  BaselineCounts baseline;
  // The default file is optional; one named with --suppressions-location must
  // exist unless it is being written.
  const bool optional = request.location.empty() || request.suppress_all;
  // The default file is the repository's: a link in it may not lead out. A
  // file named with --suppressions-location is read where it is.
  const std::string within = request.location.empty() ? config::link_boundary(location) : std::string();
  if (auto error = read_baseline(location, optional, baseline, within)) return error;
  // Nothing recorded and nothing to record: no file's key is needed.
  if (baseline.empty() && !request.suppress_all && !request.prune) return std::nullopt;
  std::vector<std::string> keys;
  keys.reserve(files.size());
  for (const FileResult& file : files) keys.push_back(baseline_key(file.file->path(), repo_root));

  if (request.suppress_all) {
    const BaselineCounts current = count_findings(files, keys);
    if (auto error = write_baseline(location, merge_counts(baseline, current, keys))) return error;
    std::size_t total = 0;
    for (const auto& [file, rules] : current) {
      for (const auto& [rule, count] : rules) total += count;
    }
    fmt::print(stderr, "fanout: recorded {} finding{} in {}\n", total, total == 1 ? "" : "s", location);
    baseline = merge_counts(baseline, current, keys);
  }
  if (baseline.empty() && !request.prune) return std::nullopt;
  const BaselineOutcome outcome = apply_baseline(baseline, files, keys, repo_root);
  if (request.prune) {
    if (outcome.stale > 0 || !fs::exists(location)) {
      if (auto error = write_baseline(location, outcome.pruned)) return error;
    }
    fmt::print(stderr, "fanout: pruned {} suppression{} from {}\n", outcome.stale, outcome.stale == 1 ? "" : "s",
               location);
  } else if (outcome.stale > 0) {
    fmt::print(stderr,
               "fanout: {} suppression{} in {} no longer occur{}; run `fanout check --prune-suppressions` to "
               "remove {}\n",
               outcome.stale, outcome.stale == 1 ? "" : "s", location, outcome.stale == 1 ? "s" : "",
               outcome.stale == 1 ? "it" : "them");
  }
  return std::nullopt;
}

}  // namespace fanout::cli
