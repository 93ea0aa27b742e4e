#include "config/config.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/jsonc.hpp"
#include "fanout/report.hpp"
#include "fanout/rule.hpp"
#include "files/own_file.hpp"

namespace fanout::config {
namespace {

using nlohmann::json;

// Validation stops at the first error; unwinding to load_config keeps every
// check a single line. Never escapes this file.
struct Failure {
  std::string message;
};

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", name);
  }
  return out;
}

std::string format_list() {
  std::vector<std::string_view> names;
  for (const FormatName& row : format_names()) names.push_back(row.name);
  return quoted_list(names);
}

std::string describe(const json& value) {
  if (value.is_string()) return fmt::format("\"{}\"", value.get<std::string>());
  if (value.is_number() || value.is_boolean()) return value.dump();
  return value.type_name();
}

class Reader {
 public:
  // `prefix` places the keys read here inside the file: "fanout" in a
  // package.json, "overrides[2]" for an override's options.
  Reader(const std::string& file, const PreparedJson& prepared, std::string prefix = {})
      : file_(file), prepared_(prepared), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    const std::string full = prefix_.empty() ? std::string(key) : key.empty() ? prefix_ : child_path(prefix_, key);
    throw Failure{fmt::format("{}:{}: {}: {}", file_, line(full), full.empty() ? "top level" : full, what)};
  }

  // A key that was not written (a missing member) takes its parent's line.
  std::uint32_t line(std::string_view key) const {
    for (;;) {
      if (const auto it = prepared_.lines.find(key); it != prepared_.lines.end()) return it->second;
      if (key.empty()) return 1;
      const auto cut = key.find_last_of(".[");
      key = cut == std::string_view::npos ? std::string_view() : key.substr(0, cut);
    }
  }

  void expect_object(const json& value, std::string_view key) const {
    if (!value.is_object()) fail(key, fmt::format("expected an object, got {}", describe(value)));
  }

  void only_keys(const json& value, std::string_view key, std::initializer_list<std::string_view> allowed) const {
    expect_object(value, key);
    for (const auto& [name, member] : value.items()) {
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        fail(child_path(key, name), allowed.size() == 0
                                        ? std::string("unknown key; this takes no keys")
                                        : fmt::format("unknown key; expected one of {}", quoted_list(allowed)));
      }
    }
  }

  std::string string(const json& value, std::string_view key, bool allow_empty = false) const {
    if (!value.is_string()) fail(key, fmt::format("expected a string, got {}", describe(value)));
    std::string text = value.get<std::string>();
    if (text.empty() && !allow_empty) fail(key, "expected a non-empty string");
    return text;
  }

  std::uint32_t count(const json& value, std::string_view key, std::uint32_t min) const {
    // Huge unsigned values wrap negative here and are rejected with the rest.
    const std::int64_t n = value.is_number_integer() ? value.get<std::int64_t>() : -1;
    if (n < min || n > std::numeric_limits<std::uint32_t>::max()) {
      fail(key, fmt::format("expected a whole number of at least {}, got {}", min, describe(value)));
    }
    return static_cast<std::uint32_t>(n);
  }

  bool boolean(const json& value, std::string_view key) const {
    if (!value.is_boolean()) fail(key, fmt::format("expected true or false, got {}", describe(value)));
    return value.get<bool>();
  }

  const json& required(const json& object, std::string_view key, std::string_view name) const {
    if (!object.contains(name)) fail(key, fmt::format("missing required key \"{}\"", name));
    return object.at(std::string(name));
  }

 private:
  const std::string& file_;
  const PreparedJson& prepared_;
  std::string prefix_;
};

// ESLint's spellings too: "warning" (as fanout prints it) and 0, 1, 2.
Severity read_severity(const Reader& in, const json& value, std::string_view key) {
  std::optional<Severity> severity;
  if (value.is_string()) severity = parse_severity(value.get<std::string>());
  if (value.is_number_integer()) severity = parse_severity(value.dump());
  if (!severity) {
    in.fail(key, fmt::format("expected a severity ({}, or 0, 1, 2 as in ESLint), got {}",
                             quoted_list({"off", "info", "warn", "warning", "error"}), describe(value)));
  }
  return *severity;
}

// `"rule-id": "warn"` or ESLint's `"rule-id": ["warn", { options }]`.
void read_rules(const Reader& in, const json& rules, AnalysisOptions& options) {
  in.expect_object(rules, "rules");
  for (const auto& [id, value] : rules.items()) {
    const std::string key = child_path("rules", id);
    if (!configurable_id(id)) in.fail(key, fmt::format("unknown rule; known rules: {}", known_rule_ids()));
    if (value.is_array()) {
      if (value.empty() || value.size() > 2) in.fail(key, "expected [severity] or [severity, {options}]");
      options.severities[id] = read_severity(in, value[0], element_path(key, 0));
      // No rule takes options yet: any key in them is unknown.
      if (value.size() == 2) in.only_keys(value[1], element_path(key, 1), {});
    } else {
      options.severities[id] = read_severity(in, value, key);
    }
  }
}

FixStyle read_style(const Reader& in, const json& value) {
  if (const auto style = value_named(kFixStyles, in.string(value, "fix.style"))) return *style;
  in.fail("fix.style",
          fmt::format("expected one of {}, got {}", joined_names(kFixStyles, ", ", "\""), describe(value)));
}

void read_fix(const Reader& in, const json& fix, const std::string& path, FixOptions& options) {
  in.only_keys(fix, "fix", {"style", "concurrency", "callee", "import", "importName"});
  if (fix.contains("style")) options.style = read_style(in, fix["style"]);
  if (fix.contains("concurrency")) options.concurrency = in.count(fix["concurrency"], "fix.concurrency", 1);
  if (fix.contains("callee")) options.custom_callee = in.string(fix["callee"], "fix.callee");
  if (fix.contains("import")) options.custom_import = in.string(fix["import"], "fix.import");
  if (fix.contains("importName")) options.custom_import_name = in.string(fix["importName"], "fix.importName");
  if (options.style == FixStyle::custom && options.custom_callee.empty()) {
    in.fail("fix.style", "\"custom\" needs \"fix.callee\" (and usually \"fix.import\")");
  }
  // Relative import paths are written from the repository root: the folder
  // holding the configuration.
  std::error_code ec;
  const auto root = std::filesystem::absolute(std::filesystem::path(path).parent_path(), ec);
  if (!ec) options.repo_root = root.lexically_normal().string();
}

// Calls `read_entry(entry, key)` for each element of the array `helpers.<name>`.
template <typename ReadEntry>
void read_list(const Reader& in, const json& helpers, std::string_view name, ReadEntry read_entry) {
  if (!helpers.contains(name)) return;
  const std::string key = child_path("helpers", name);
  const json& list = helpers[std::string(name)];
  if (!list.is_array()) in.fail(key, fmt::format("expected an array, got {}", describe(list)));
  for (std::size_t i = 0; i < list.size(); ++i) read_entry(list[i], element_path(key, i));
}

void read_helpers(const Reader& in, const json& helpers, AnalysisOptions& options) {
  in.only_keys(helpers, "helpers", {"map", "batch"});
  read_list(in, helpers, "map", [&](const json& entry, const std::string& key) {
    in.only_keys(entry, key, {"callee", "collectionArg", "optionsArg", "limitOption", "unlimitedByDefault"});
    MapHelper helper{.callee = in.string(in.required(entry, key, "callee"), child_path(key, "callee"))};
    if (entry.contains("collectionArg")) {
      helper.collection_arg = in.count(entry["collectionArg"], child_path(key, "collectionArg"), 0);
    }
    if (entry.contains("optionsArg") && !entry["optionsArg"].is_null()) {
      helper.options_arg = in.count(entry["optionsArg"], child_path(key, "optionsArg"), 0);
    }
    if (entry.contains("limitOption")) {
      helper.limit_option = in.string(entry["limitOption"], child_path(key, "limitOption"));
    }
    if (entry.contains("unlimitedByDefault")) {
      helper.unlimited_by_default = in.boolean(entry["unlimitedByDefault"], child_path(key, "unlimitedByDefault"));
    }
    options.map_helpers.push_back(std::move(helper));
  });
  read_list(in, helpers, "batch", [&](const json& entry, const std::string& key) {
    in.only_keys(entry, key, {"callee", "callbackArg"});
    BatchHelper helper{.callee = in.string(in.required(entry, key, "callee"), child_path(key, "callee"))};
    if (entry.contains("callbackArg")) {
      helper.callback_arg = in.count(entry["callbackArg"], child_path(key, "callbackArg"), 0);
    }
    options.batch_helpers.push_back(std::move(helper));
  });
}

// nlohmann's message starts with its own id and position; keep what follows.
std::string parse_error_detail(const std::string& what) {
  const auto column = what.find("column ");
  const auto colon = what.find(": ", column == std::string::npos ? 0 : column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

std::string known_rule_ids() {
  std::string out;
  for (const Rule* rule : all_rules()) {
    if (!out.empty()) out += ", ";
    out += rule->meta().id;
  }
  return fmt::format("{}, {}", out, kParseErrorId);
}

bool configurable_id(std::string_view id) { return find_rule(id) != nullptr || id == kParseErrorId; }

namespace {

// `a.b`, or either one when the other is empty.
std::string join_key(std::string_view parent, std::string_view key) {
  return key.empty() ? std::string(parent) : child_path(parent, key);
}

// Keys that set options: allowed at the top level and in each override.
const std::initializer_list<std::string_view> kTopKeys = {
    "$schema", "root", "extends", "ignorePatterns", "overrides", "format",
    "rules", "maxLiteralElements", "fix", "helpers", "requireSuppressionReason", "reportUnusedDisableDirectives"};
const std::initializer_list<std::string_view> kOverrideKeys = {
    "files", "rules", "maxLiteralElements", "fix", "helpers", "requireSuppressionReason",
    "reportUnusedDisableDirectives"};

void read_options(const Reader& in, const json& object, const std::string& path, AnalysisOptions& options) {
  if (object.contains("rules")) read_rules(in, object["rules"], options);
  if (object.contains("maxLiteralElements")) {
    options.max_literal_elements = in.count(object["maxLiteralElements"], "maxLiteralElements", 0);
  }
  if (object.contains("fix")) read_fix(in, object["fix"], path, options.fix);
  if (object.contains("helpers")) read_helpers(in, object["helpers"], options);
  if (object.contains("requireSuppressionReason")) {
    options.require_suppression_reason = in.boolean(object["requireSuppressionReason"], "requireSuppressionReason");
  }
  if (object.contains("reportUnusedDisableDirectives")) {
    // ESLint's linterOptions spelling: a severity, or true for "warn".
    const json& value = object["reportUnusedDisableDirectives"];
    options.unused_suppression_severity =
        value.is_boolean() ? (value.get<bool>() ? Severity::warn : Severity::off)
                           : read_severity(in, value, "reportUnusedDisableDirectives");
  }
}

// An array of non-empty strings (or, with `single`, one string).
void string_list(const Reader& in, const json& value, std::string_view key, bool single, bool non_empty) {
  if (single && value.is_string()) {
    in.string(value, key);
    return;
  }
  if (!value.is_array()) {
    in.fail(key, fmt::format("expected {}an array of strings, got {}", single ? "a string or " : "", describe(value)));
  }
  if (non_empty && value.empty()) in.fail(key, "expected at least one pattern");
  for (std::size_t i = 0; i < value.size(); ++i) in.string(value[i], element_path(key, i));
}

void validate(const Reader& in, const ConfigDocument& document) {
  const json& root = document.value;
  in.only_keys(root, "", kTopKeys);
  if (root.contains("$schema")) in.string(root["$schema"], "$schema", true);
  if (root.contains("root")) in.boolean(root["root"], "root");
  if (root.contains("extends")) string_list(in, root["extends"], "extends", true, false);
  if (root.contains("ignorePatterns")) string_list(in, root["ignorePatterns"], "ignorePatterns", false, false);
  if (root.contains("format")) {
    const std::string name = in.string(root["format"], "format");
    if (!parse_format(name)) {
      in.fail("format", fmt::format("expected one of {}, got {}", format_list(), describe(root["format"])));
    }
  }
  AnalysisOptions scratch;
  read_options(in, root, document.path, scratch);
  if (!root.contains("overrides")) return;
  const json& overrides = root["overrides"];
  if (!overrides.is_array()) in.fail("overrides", fmt::format("expected an array, got {}", describe(overrides)));
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const std::string key = element_path("overrides", i);
    in.only_keys(overrides[i], key, kOverrideKeys);
    string_list(in, in.required(overrides[i], key, "files"), child_path(key, "files"), false, true);
    read_options(Reader(document.path, document.prepared, join_key(document.prefix, key)), overrides[i],
                 document.path, scratch);
  }
}

// `"fanout"` followed by a colon: the key, not a word in a description.
bool mentions_fanout_key(std::string_view text) {
  for (auto at = text.find("\"fanout\""); at != std::string_view::npos; at = text.find("\"fanout\"", at + 1)) {
    auto next = at + 8;
    while (next < text.size() && std::string_view(" \t\r\n").find(text[next]) != std::string_view::npos) ++next;
    if (next < text.size() && text[next] == ':') return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> parse_document(std::string_view text, const std::string& path, bool package_json,
                                          ConfigDocument& out, bool* found) {
  if (found) *found = true;
  // Most package.json files (648 in the bench corpus's node_modules) cannot
  // hold the key: without `fanout` or a `\u` escape in the text, none is
  // parsed.
  if (package_json && text.find("fanout") == std::string_view::npos && text.find("\\u") == std::string_view::npos) {
    if (found) *found = false;
    return std::nullopt;
  }
  ConfigDocument document{.path = path, .prefix = package_json ? "fanout" : ""};
  std::error_code ec;
  const auto folder = std::filesystem::absolute(std::filesystem::path(path).parent_path(), ec);
  document.folder = ec ? std::string() : folder.lexically_normal().string();
  while (document.folder.size() > 1 && document.folder.back() == '/') document.folder.pop_back();
  document.prepared = prepare_jsonc(text);
  if (!document.prepared.error.empty()) {
    // A package.json nested this deep is no configuration either (see below).
    if (package_json) {
      if (found) *found = false;
      return std::nullopt;
    }
    return fmt::format("{}:{}: {}", path, document.prepared.error_line, document.prepared.error);
  }
  json root;
  try {
    root = json::parse(document.prepared.text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& error) {
    // A broken package.json (a test fixture, a template) is some other
    // tool's file, not a configuration: it must not stop the run, unless it
    // has a "fanout" key, whose settings would otherwise vanish silently.
    if (package_json && !mentions_fanout_key(text)) {
      if (found) *found = false;
      return std::nullopt;
    }
    const std::size_t at = error.byte == 0 ? 0 : error.byte - 1;
    return fmt::format("{}:{}: invalid JSON: {}", path, line_of_offset(text, at), parse_error_detail(error.what()));
  }
  if (package_json) {
    // A package.json without the key is simply not a configuration.
    if (!root.is_object() || !root.contains("fanout")) {
      if (found) *found = false;
      return std::nullopt;
    }
    document.value = root["fanout"];
  } else {
    document.value = std::move(root);
  }
  const Reader in(path, document.prepared, document.prefix);
  try {
    for (const std::string& duplicate : document.prepared.duplicates) {
      if (document.prefix.empty() || duplicate.starts_with(document.prefix + ".")) {
        Reader(path, document.prepared).fail(duplicate, "key given twice");
      }
    }
    validate(in, document);
  } catch (const Failure& failure) {
    return failure.message;
  }
  out = std::move(document);
  return std::nullopt;
}

std::optional<std::string> read_document(const std::string& path, bool package_json, ConfigDocument& out,
                                         bool* found, const std::string& within) {
  const files::OwnFile file = files::read_own_file(path, kMaxConfigBytes, within);
  if (file.status != files::OwnFile::Status::ok) {
    return fmt::format("{}: cannot read configuration: {}", path, file.error);
  }
  return parse_document(file.text, path, package_json, out, found);
}

std::optional<std::string> apply_options(const ConfigDocument& document, const json& object, const std::string& key,
                                         AnalysisOptions& options) {
  AnalysisOptions result = options;
  try {
    read_options(Reader(document.path, document.prepared, join_key(document.prefix, key)), object, document.path,
                 result);
  } catch (const Failure& failure) {
    return failure.message;
  }
  options = std::move(result);
  return std::nullopt;
}

std::optional<std::string> apply_config(std::string_view text, const std::string& path, AnalysisOptions& options) {
  ConfigDocument document;
  if (auto error = parse_document(text, path, false, document)) return error;
  return apply_options(document, document.value, "", options);
}

std::optional<std::string> load_config(const std::string& path, AnalysisOptions& options) {
  ConfigDocument document;
  if (auto error = read_document(path, false, document)) return error;
  return apply_options(document, document.value, "", options);
}

}  // namespace fanout::config
