// `gitlab`: GitLab's Code Quality report (`artifacts:reports:codequality`),
// the subset of the Code Climate spec GitLab reads: `description`,
// `check_name`, `fingerprint`, `severity` and `location` with a path relative
// to the repository root. GitLab compares the fingerprints of the merge
// request's report with the target branch's to tell new findings from old.
#include <map>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "report/renderers.hpp"

namespace fanout::report {
namespace {

using Json = nlohmann::ordered_json;

// Stable like SARIF's `primaryLocationLineHash`: the path, the rule and the
// hash of the finding's line content (with its occurrence count), so editing
// other lines keeps a finding's identity. Two findings of one rule on one
// line are told apart by their order.
std::string fingerprint(std::string_view path, std::string_view rule, std::string_view line_hash,
                        std::size_t occurrence) {
  const std::string key = fmt::format("{}\n{}\n{}\n{}", path, rule, line_hash, occurrence);
  const XXH128_hash_t hash = XXH3_128bits(key.data(), key.size());
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

}  // namespace

void render_gitlab(const Context& context, std::ostream& out) {
  Json issues = Json::array();
  for (const FileResult& result : context.files) {
    if (result.diagnostics.empty()) continue;
    const SourceFile& file = *result.file;
    const std::string path = root_path(file, context);
    const std::vector<std::string> hashes = line_hashes(file.text());
    std::map<std::string, std::size_t> seen;
    for (const Diagnostic& diagnostic : result.diagnostics) {
      const Position start = file.position(diagnostic.span.start);
      const Position end = file.position(diagnostic.span.end);
      const std::string& line_hash = start.line <= hashes.size() ? hashes[start.line - 1] : std::string();
      const std::size_t occurrence = ++seen[fmt::format("{}\n{}", diagnostic.rule_id, line_hash)];
      issues.push_back(Json::object({
          {"type", "issue"},
          {"description", diagnostic.message},
          {"check_name", diagnostic.rule_id},
          {"fingerprint", fingerprint(path, diagnostic.rule_id, line_hash, occurrence)},
          {"severity", severity_words(diagnostic.severity).gitlab},
          {"location", Json::object({{"path", path},
                                     {"lines", Json::object({{"begin", start.line}, {"end", end.line}})}})},
      }));
    }
  }
  fmt::print(out, "{}\n", issues.dump(2, ' ', false, Json::error_handler_t::replace));
}

}  // namespace fanout::report
