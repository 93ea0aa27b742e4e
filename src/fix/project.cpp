// Reads the nearest package.json and tsconfig.json for a fixed file. The
// search stops at the repository's root (the folder holding `.git`); a file
// bigger than kMaxBytes, a symbolic link leading outside that root, or text
// that is not JSON is treated as absent, so a hostile repository can neither
// hang the fixer nor make it read elsewhere.
#include "fix/project.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "config/jsonc.hpp"

namespace fanout::fixer {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::uintmax_t kMaxBytes = 1u << 20;
constexpr int kMaxExtends = 8;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool inside(const fs::path& path, const fs::path& root) {
  if (root.empty()) return true;
  const auto mismatch = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return mismatch.first == root.end();
}

// The text of a regular file within `root`, or nullopt.
std::optional<std::string> read_bounded(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(path, ec);
  if (ec || !fs::exists(link)) return std::nullopt;
  fs::path real = path;
  if (fs::is_symlink(link)) {
    real = fs::canonical(path, ec);
    if (ec || !inside(real, root)) return std::nullopt;
  }
  if (!fs::is_regular_file(real, ec) || ec) return std::nullopt;
  const std::uintmax_t size = fs::file_size(real, ec);
  if (ec || size > kMaxBytes) return std::nullopt;
  std::ifstream in(real, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

std::optional<json> parse_jsonc(const std::string& text) {
  const config::PreparedJson prepared = config::prepare_jsonc(text);
  json value = json::parse(prepared.text, nullptr, false, true);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// The folders from the file's own up to the repository root, nearest first.
struct Search {
  std::vector<fs::path> folders;
  fs::path root;  // the repository root, or empty when none was found
};

Search search_from(std::string_view file_path) {
  Search search;
  std::error_code ec;
  fs::path folder = fs::absolute(fs::path(file_path), ec).lexically_normal().parent_path();
  if (ec) return search;
  for (int depth = 0; depth < 256 && !folder.empty(); ++depth) {
    search.folders.push_back(folder);
    if (fs::exists(folder / ".git", ec)) {
      search.root = folder;
      break;
    }
    const fs::path up = folder.parent_path();
    if (up == folder) break;
    folder = up;
  }
  return search;
}

// The version of `name` installed where Node would find it from the file.
void read_installed(const Search& search, const std::string& name, ProjectFacts::Package& out) {
  for (const fs::path& folder : search.folders) {
    const fs::path manifest = folder / "node_modules" / name / "package.json";
    std::error_code ec;
    if (!fs::exists(manifest, ec)) continue;
    const auto text = read_bounded(manifest, search.root.empty() ? fs::path() : search.root);
    if (!text) return;
    const json value = json::parse(*text, nullptr, false);
    if (value.is_object() && value.contains("version") && value["version"].is_string()) {
      out.installed.emplace(name, value["version"].get<std::string>());
    }
    return;
  }
}

void read_package(const Search& search, ProjectFacts::Package& out) {
  for (const fs::path& folder : search.folders) {
    const fs::path path = folder / "package.json";
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) continue;
    out.path = path.string();
    // Node uses the nearest package.json even when it cannot read it.
    const auto text = read_bounded(path, search.root);
    if (!text) return;
    const json value = json::parse(*text, nullptr, false);
    if (value.is_discarded() || !value.is_object()) return;
    if (value.contains("type") && value["type"].is_string()) out.type = value["type"].get<std::string>();
    for (const char* kind : {"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}) {
      if (!value.contains(kind) || !value[kind].is_object()) continue;
      for (const auto& [name, range] : value[kind].items()) {
        out.dependencies.emplace(name, range.is_string() ? range.get<std::string>() : std::string());
      }
    }
    return;
  }
}

// `extends`: a path relative to the config, or a package under node_modules.
std::optional<fs::path> resolve_extends(const fs::path& from_folder, const std::string& spec, const fs::path& root) {
  std::error_code ec;
  const auto existing = [&](fs::path candidate) -> std::optional<fs::path> {
    for (const fs::path& c : {candidate, fs::path(candidate.string() + ".json"), candidate / "tsconfig.json"}) {
      if (fs::is_regular_file(c, ec)) return c.lexically_normal();
    }
    return std::nullopt;
  };
  if (spec.starts_with(".") || spec.starts_with("/")) return existing(fs::path(spec).is_absolute() ? fs::path(spec)
                                                                                                  : from_folder / spec);
  for (fs::path folder = from_folder; inside(folder, root); folder = folder.parent_path()) {
    if (auto found = existing(folder / "node_modules" / spec)) return found;
    if (folder.parent_path() == folder) break;
  }
  return std::nullopt;
}

void merge_options(const json& options, ProjectFacts::TypeScript& out) {
  const auto flag = [&](const char* key, std::optional<bool>& into) {
    if (options.contains(key) && options[key].is_boolean()) into = options[key].get<bool>();
  };
  const auto word = [&](const char* key, std::string& into) {
    if (options.contains(key) && options[key].is_string()) into = lower(options[key].get<std::string>());
  };
  flag("esModuleInterop", out.es_module_interop);
  flag("allowSyntheticDefaultImports", out.allow_synthetic_default_imports);
  flag("downlevelIteration", out.downlevel_iteration);
  flag("noUncheckedIndexedAccess", out.no_unchecked_indexed_access);
  if (options.contains("moduleDetection") && options["moduleDetection"].is_string()) {
    out.module_detection_force = lower(options["moduleDetection"].get<std::string>()) == "force";
  }
  word("module", out.module);
  word("moduleResolution", out.module_resolution);
  word("target", out.target);
}

// Applies the chain of `extends` (bases first), then the config's own options.
void read_tsconfig_file(const fs::path& path, const fs::path& root, int depth, std::set<fs::path>& seen,
                        ProjectFacts::TypeScript& out) {
  if (depth > kMaxExtends || !seen.insert(path).second) return;
  const auto text = read_bounded(path, root);
  if (!text) return;
  const auto value = parse_jsonc(*text);
  if (!value) return;
  if (value->contains("extends")) {
    std::vector<std::string> bases;
    const json& ext = (*value)["extends"];
    if (ext.is_string()) bases.push_back(ext.get<std::string>());
    if (ext.is_array()) {
      for (const json& e : ext) {
        if (e.is_string()) bases.push_back(e.get<std::string>());
      }
    }
    for (const std::string& base : bases) {
      if (auto resolved = resolve_extends(path.parent_path(), base, root)) {
        read_tsconfig_file(*resolved, root, depth + 1, seen, out);
      }
    }
  }
  if (value->contains("compilerOptions") && (*value)["compilerOptions"].is_object()) {
    merge_options((*value)["compilerOptions"], out);
  }
}

void read_tsconfig(const Search& search, ProjectFacts::TypeScript& out) {
  for (const fs::path& folder : search.folders) {
    const fs::path path = folder / "tsconfig.json";
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) continue;
    out.path = path.string();
    std::set<fs::path> seen;
    read_tsconfig_file(path, search.root, 0, seen, out);
    return;
  }
}

bool es2015_or_later(const std::string& target) {
  if (target.empty() || target == "es3" || target == "es5") return false;
  return true;  // es6, es2015 ... es2024, esnext
}

}  // namespace

ProjectFacts read_project_facts(std::string_view file_path, bool typescript) {
  ProjectFacts facts;
  try {
    const Search search = search_from(file_path);
    read_package(search, facts.package);
    read_installed(search, "p-map", facts.package);
    if (typescript) read_tsconfig(search, facts.typescript);
  } catch (...) {
    // A filesystem surprise leaves the facts empty: the rewrites then assume least.
  }
  return facts;
}

std::optional<int> highest_major(std::string_view range) {
  std::string spec(range);
  if (const auto alias = spec.rfind('@'); spec.starts_with("npm:") && alias != std::string::npos && alias > 4) {
    spec = spec.substr(alias + 1);
  }
  std::optional<int> highest;
  std::size_t at = 0;
  // Every `||` alternative must be bounded; the highest of them counts.
  while (at <= spec.size()) {
    std::size_t bar = spec.find("||", at);
    std::string part = spec.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
    const std::size_t first = part.find_first_not_of(" \t");
    part = first == std::string::npos ? std::string() : part.substr(first, part.find_last_not_of(" \t") + 1 - first);
    std::optional<int> major;
    // `<5`, `<5.0.0`: below 5; `<=4.x`: 4. A lone `>=`/`>` is open above.
    if (part.starts_with("<")) {
      const bool inclusive = part.starts_with("<=");
      std::size_t i = inclusive ? 2 : 1;
      while (i < part.size() && (part[i] == ' ' || part[i] == 'v')) ++i;
      std::size_t digits = i;
      while (digits < part.size() && std::isdigit(static_cast<unsigned char>(part[digits]))) ++digits;
      if (digits == i) return std::nullopt;
      const int n = std::stoi(part.substr(i, digits - i));
      const bool whole = digits == part.size() || part.substr(digits) == ".0.0" || part.substr(digits) == ".0";
      major = inclusive ? n : (whole ? n - 1 : n);
    } else {
      std::size_t i = 0;
      while (i < part.size() && (part[i] == '^' || part[i] == '~' || part[i] == '=' || part[i] == 'v')) ++i;
      std::size_t digits = i;
      while (digits < part.size() && std::isdigit(static_cast<unsigned char>(part[digits]))) ++digits;
      if (digits == i || digits - i > 6) return std::nullopt;
      // Anything after the version but a plain hyphen range is a comparator set we do not read.
      const std::string rest = part.substr(digits);
      if (rest.find('>') != std::string::npos || rest.find(' ') != std::string::npos) return std::nullopt;
      major = std::stoi(part.substr(i, digits - i));
    }
    if (major && *major >= 0) highest = std::max(highest.value_or(*major), *major);
    if (bar == std::string::npos) break;
    at = bar + 2;
  }
  return highest;
}

const std::string* declared_range(const ProjectFacts& facts, std::string_view package) {
  const auto it = facts.package.dependencies.find(package);
  return it == facts.package.dependencies.end() ? nullptr : &it->second;
}

TypeScriptSettings typescript_settings(const ProjectFacts& facts, bool esm_format) {
  const ProjectFacts::TypeScript& ts = facts.typescript;
  TypeScriptSettings s;
  std::string module = ts.module;
  if (module.empty()) module = es2015_or_later(ts.target) ? "es2015" : "commonjs";
  const bool node_modules_mode = module == "node16" || module == "node18" || module == "node20" || module == "nodenext";
  const bool interop = ts.es_module_interop.value_or(node_modules_mode || module == "preserve");
  s.synthetic_defaults = ts.allow_synthetic_default_imports.value_or(interop || module == "system" ||
                                                                    ts.module_resolution == "bundler");
  if (module == "commonjs" || module == "umd" || module == "amd") {
    s.emits_commonjs = true;
  } else if (node_modules_mode || module == "preserve") {
    s.emits_commonjs = !esm_format;
  }
  // allowSyntheticDefaultImports alone only satisfies the checker; the
  // emitted `x.default` works where a bundler (not tsc's CommonJS) loads it.
  s.default_import_of_cjs = interop || (s.synthetic_defaults && !s.emits_commonjs);
  s.iterates_entries = es2015_or_later(ts.target) || ts.downlevel_iteration.value_or(false);
  s.unchecked_index = !ts.no_unchecked_indexed_access.value_or(false);
  s.module_detection_force = ts.module_detection_force.value_or(false);
  return s;
}

}  // namespace fanout::fixer
