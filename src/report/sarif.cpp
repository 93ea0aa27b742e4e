// `sarif`: SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps).
// Columns are UTF-16 code units, SARIF's default `columnKind`.
#include <array>
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "diag/suppressions.hpp"
#include "fanout/rule.hpp"
#include "report/renderers.hpp"

namespace fanout::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/fanout-dev/fanout";
constexpr std::string_view kSourceRoot = "%SRCROOT%";

// RFC 3986: everything but unreserved characters and the path separator is
// percent-encoded, byte by byte, so non-ASCII names survive as UTF-8.
std::string percent_encode(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

std::string file_uri(std::string_view absolute) {
  std::string encoded = percent_encode(absolute);
  if (!encoded.starts_with('/')) encoded.insert(encoded.begin(), '/');
  return "file://" + encoded;
}

// --- locations ---------------------------------------------------------------

// Relative to the repository root (%SRCROOT%), wherever in it fanout runs:
// code scanning resolves URIs against the checkout, not the job's folder.
Json artifact_location(const SourceFile& file, const Context& context) {
  const std::string absolute = absolute_path(file.path(), context.cwd);
  const std::string relative = path_under(absolute, context.root_or_cwd());
  if (relative.empty()) return Json::object({{"uri", file_uri(absolute)}});
  return Json::object({{"uri", percent_encode(relative)}, {"uriBaseId", kSourceRoot}});
}

Json region(const SourceFile& file, Span span) {
  const Position start = file.position(span.start);
  const Position end = file.position(span.end);
  return Json::object({{"startLine", start.line},
                       {"startColumn", start.utf16_column},
                       {"endLine", end.line},
                       {"endColumn", end.utf16_column}});
}

Json physical_location(const Json& artifact, const SourceFile& file, Span span) {
  return Json::object({{"artifactLocation", artifact}, {"region", region(file, span)}});
}

Json text(std::string_view value) { return Json::object({{"text", value}}); }

// --- rules -------------------------------------------------------------------

// `unbounded-promise-all` -> `UnboundedPromiseAll`, SARIF's convention for names.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// The README's "What it finds" section, which says in prose what the summary
// says in a line; the summary when the section is missing.
std::string full_description(std::string_view doc, std::string_view summary) {
  const std::size_t heading = doc.find("## What it finds");
  if (heading == std::string_view::npos) return std::string(summary);
  std::string_view body = doc.substr(doc.find('\n', heading) == std::string_view::npos
                                         ? doc.size()
                                         : doc.find('\n', heading) + 1);
  body = body.substr(0, body.find("\n## "));
  while (!body.empty() && (body.front() == '\n' || body.front() == ' ')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
  return body.empty() ? std::string(summary) : std::string(body);
}

// The checks of the suppression comments themselves report results too:
// each gets a descriptor after the rules, so every result has its rule.
struct DirectiveCheck {
  std::string_view id;
  std::string_view summary;
  std::string_view help;
  Severity severity;  ///< the level when it is on
};

constexpr std::array kDirectiveChecks = {
    DirectiveCheck{
        kUnusedSuppressionId, "a fanout-disable directive that suppresses nothing",
        "A `fanout-disable`, `fanout-disable-line` or `fanout-disable-next-line` comment that silenced no "
        "finding, or that names something that is not a fanout rule. Reported at the severity of "
        "`reportUnusedDisableDirectives` in the configuration or of `--report-unused-disable-directives-severity` "
        "(default off). Remove the directive, or the rule from its list.",
        Severity::warn},
    DirectiveCheck{
        kSuppressionWithoutReasonId, "a fanout-disable directive that gives no reason",
        "With `\"requireSuppressionReason\": true` in the configuration, every suppression comment must say why "
        "after ` -- `, e.g. `// fanout-disable-next-line unbounded-promise-all -- the list holds at most 3 items`.",
        Severity::warn},
};

Json rule_descriptors() {
  Json rules = Json::array();
  for (const Rule* rule : all_rules()) {
    const RuleMeta& meta = rule->meta();
    const std::string_view doc = rule_doc(meta.id);
    rules.push_back(Json::object({
        {"id", meta.id},
        {"name", pascal_case(meta.id)},
        {"shortDescription", text(meta.summary)},
        {"fullDescription", text(full_description(doc, meta.summary))},
        {"help", Json::object({{"text", doc.empty() ? meta.summary : doc},
                               {"markdown", doc.empty() ? meta.summary : doc}})},
        {"defaultConfiguration", Json::object({{"level", sarif_level(meta.severity)}})},
    }));
  }
  for (const DirectiveCheck& check : kDirectiveChecks) {
    rules.push_back(Json::object({
        {"id", check.id},
        {"name", pascal_case(check.id)},
        {"shortDescription", text(check.summary)},
        {"fullDescription", text(check.help)},
        {"help", Json::object({{"text", check.help}, {"markdown", check.help}})},
        {"defaultConfiguration", Json::object({{"level", sarif_level(check.severity)}})},
    }));
  }
  return rules;
}

// The index in rule_descriptors(): the rules, then the directive checks.
std::optional<std::size_t> rule_index(std::string_view id) {
  const auto rules = all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->meta().id == id) return i;
  }
  for (std::size_t i = 0; i < kDirectiveChecks.size(); ++i) {
    if (kDirectiveChecks[i].id == id) return rules.size() + i;
  }
  return std::nullopt;
}

// --- results -----------------------------------------------------------------

Json fixes(const SourceFile& file, const Json& artifact, const Fix& fix) {
  Json replacements = Json::array();
  for (const Edit& edit : fix.edits) {
    replacements.push_back(Json::object({
        {"deletedRegion", region(file, Span{edit.start, edit.end})},
        {"insertedContent", text(edit.replacement)},
    }));
  }
  return Json::array({Json::object({
      {"description", text(fix.title)},
      {"artifactChanges", Json::array({Json::object({{"artifactLocation", artifact},
                                                     {"replacements", replacements}})})},
  })});
}

Json result_for(const SourceFile& file, const Json& artifact, const Diagnostic& diagnostic,
                const std::vector<std::string>& hashes) {
  Json result = Json::object();
  result["ruleId"] = diagnostic.rule_id;
  if (const auto index = rule_index(diagnostic.rule_id)) result["ruleIndex"] = *index;
  result["level"] = sarif_level(diagnostic.severity);
  result["message"] = text(diagnostic.message);
  result["locations"] =
      Json::array({Json::object({{"physicalLocation", physical_location(artifact, file, diagnostic.span)}})});
  if (!diagnostic.related.empty()) {
    Json related = Json::array();
    for (std::size_t i = 0; i < diagnostic.related.size(); ++i) {
      related.push_back(Json::object({
          {"id", i},
          {"physicalLocation", physical_location(artifact, file, diagnostic.related[i].span)},
          {"message", text(diagnostic.related[i].label)},
      }));
    }
    result["relatedLocations"] = std::move(related);
  }
  const std::uint32_t line = file.position(diagnostic.span.start).line;
  if (line <= hashes.size() && !hashes[line - 1].empty()) {
    result["partialFingerprints"] = Json::object({{"primaryLocationLineHash", hashes[line - 1]}});
  }
  if (diagnostic.fix) result["fixes"] = fixes(file, artifact, *diagnostic.fix);
  return result;
}

// Parse errors and skipped files are about the run, not the code: they go to
// the invocation's notifications, where code scanning does not raise alerts.
Json notification_for(const SourceFile& file, const Json& artifact, const Diagnostic& diagnostic) {
  Json location = Json::object({{"artifactLocation", artifact}});
  if (is_parse_error(diagnostic)) location["region"] = region(file, diagnostic.span);
  return Json::object({
      {"level", sarif_level(diagnostic.severity)},
      {"message", text(diagnostic.message)},
      {"locations", Json::array({Json::object({{"physicalLocation", location}})})},
      {"descriptor", Json::object({{"id", diagnostic.rule_id}})},
  });
}

}  // namespace

// --- primaryLocationLineHash -------------------------------------------------
// GitHub's upload action fingerprints a result by a rolling hash of the
// non-blank characters starting at its line. Computing the same value here
// means alerts keep their identity whether or not the action recomputes it.

namespace {

constexpr int kBlockSize = 100;
constexpr std::uint64_t kMod = 37;
constexpr std::uint32_t kEndOfFile = 65535;

// The file as the action reads it: UTF-8 decoded to UTF-16 code units, each
// invalid byte one U+FFFD. The BOM is kept, as Node's stream decoder keeps it.
std::vector<std::uint16_t> utf16_units(std::string_view text) {
  std::vector<std::uint16_t> units;
  units.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                                       : (lead & 0xF8) == 0xF0 ? 4 : 0;
    std::uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid) {
      units.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      units.push_back(static_cast<std::uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<std::uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<std::uint16_t>(cp));
    }
    i += length;
  }
  return units;
}

}  // namespace

// Hash of every line (index 0 is line 1). The arithmetic is the action's
// 64-bit `Long` arithmetic, which wraps exactly as unsigned 64-bit does.
std::vector<std::string> line_hashes(std::string_view text) {
  std::uint64_t first_mod = 1;
  for (int i = 0; i < kBlockSize; ++i) first_mod *= kMod;

  std::array<std::uint32_t, kBlockSize> window{};
  std::array<int, kBlockSize> line_numbers;
  line_numbers.fill(-1);
  std::uint64_t hash = 0;
  int index = 0;
  int line_number = 0;
  bool line_start = true;
  bool previous_cr = false;
  std::map<std::string, int> seen;
  std::vector<std::string> hashes;

  const auto emit = [&] {
    const std::string value = fmt::format("{:x}", hash);
    const int count = ++seen[value];
    const auto line = static_cast<std::size_t>(line_numbers[index]);
    if (hashes.size() < line) hashes.resize(line);
    hashes[line - 1] = fmt::format("{}:{}", value, count);
    line_numbers[index] = -1;
  };
  const auto update = [&](std::uint32_t current) {
    const std::uint32_t leaving = window[index];
    window[index] = current;
    hash = kMod * hash + current - first_mod * leaving;
    index = (index + 1) % kBlockSize;
  };
  const auto process = [&](std::uint32_t current) {
    // Spaces and tabs never count, and CRLF counts as one line break.
    if (current == ' ' || current == '\t' || (previous_cr && current == '\n')) {
      previous_cr = false;
      return;
    }
    previous_cr = current == '\r';
    if (previous_cr) current = '\n';
    if (line_numbers[index] != -1) emit();
    if (line_start) {
      line_start = false;
      line_numbers[index] = ++line_number;
    }
    if (current == '\n') line_start = true;
    update(current);
  };

  for (const std::uint16_t unit : utf16_units(text)) process(unit);
  process(kEndOfFile);
  for (int i = 0; i < kBlockSize; ++i) {
    if (line_numbers[index] != -1) emit();
    update(0);
  }
  return hashes;
}

void render_sarif(const Context& context, std::ostream& out) {
  Json results = Json::array();
  Json notifications = Json::array();
  for (const FileResult& result : context.files) {
    const SourceFile& file = *result.file;
    const Json artifact = artifact_location(file, context);
    std::vector<std::string> hashes;
    bool hashed = false;
    const auto hashes_once = [&]() -> const std::vector<std::string>& {
      if (!hashed) hashes = line_hashes(file.text());  // only for files with results
      hashed = true;
      return hashes;
    };
    for (const Diagnostic& diagnostic : result.diagnostics) {
      if (is_note(diagnostic)) {
        notifications.push_back(notification_for(file, artifact, diagnostic));
        continue;
      }
      results.push_back(result_for(file, artifact, diagnostic, hashes_once()));
    }
    // Findings silenced by a comment stay in the log, marked as suppressed in
    // source with the comment's reason: the audit trail reviewers read.
    for (const Suppressed& suppressed : result.suppressed) {
      Json entry = result_for(file, artifact, suppressed.diagnostic, hashes_once());
      Json suppression = Json::object({{"kind", "inSource"}});
      if (!suppressed.justification.empty()) suppression["justification"] = suppressed.justification;
      entry["suppressions"] = Json::array({std::move(suppression)});
      results.push_back(std::move(entry));
    }
  }
  // What the run could not do (unreadable paths, failed writes) makes the
  // execution unsuccessful, each problem a notification.
  for (const std::string& error : context.summary.errors) {
    notifications.push_back(Json::object({
        {"level", "error"},
        {"message", text(error)},
        {"descriptor", Json::object({{"id", "io-error"}})},
    }));
  }

  std::string root = context.root_or_cwd();
  if (!root.ends_with('/')) root += '/';
  Json invocation = Json::object({{"executionSuccessful", context.summary.errors.empty()}});
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  const Json log = Json::object({
      {"$schema", kSchema},
      {"version", "2.1.0"},
      {"runs", Json::array({Json::object({
                   {"tool", Json::object({{"driver", Json::object({
                                                         {"name", "fanout"},
                                                         {"version", FANOUT_VERSION},
                                                         {"semanticVersion", FANOUT_VERSION},
                                                         {"informationUri", kInformationUri},
                                                         {"rules", rule_descriptors()},
                                                     })}})},
                   {"invocations", Json::array({std::move(invocation)})},
                   {"originalUriBaseIds",
                    Json::object({{kSourceRoot, Json::object({{"uri", file_uri(root)}})}})},
                   {"columnKind", "utf16CodeUnits"},
                   {"results", std::move(results)},
               })})},
  });
  fmt::print(out, "{}\n", log.dump(2, ' ', false, Json::error_handler_t::replace));
}

}  // namespace fanout::report
