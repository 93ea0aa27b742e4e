#include "config/discovery.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include <fmt/format.h>

namespace fanout::config {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string normal_absolute(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  std::string text = (ec ? path : absolute).lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

// Is there an entry at all (a dangling link included)?
bool present(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

std::string real_or_lexical(const std::string& path) {
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  return ec ? path : real.string();
}

std::string parent_of(const std::string& folder) {
  if (folder == "/" || folder.empty()) return {};
  const auto slash = folder.rfind('/');
  return slash == 0 ? std::string("/") : slash == std::string::npos ? std::string() : folder.substr(0, slash);
}

// `path` relative to `folder`, or nullopt when it is not below it.
std::optional<std::string_view> below(std::string_view path, std::string_view folder) {
  if (folder == "/") return path.substr(1);
  if (path.size() <= folder.size() || !path.starts_with(folder) || path[folder.size()] != '/') return std::nullopt;
  return path.substr(folder.size() + 1);
}

std::string key_line_error(const ConfigDocument& document, const std::string& key, std::string_view what) {
  const std::string full = document.prefix.empty() ? key : child_path(document.prefix, key);
  const auto it = document.prepared.lines.find(full);
  return fmt::format("{}:{}: {}: {}", document.path, it == document.prepared.lines.end() ? 1 : it->second, full, what);
}

}  // namespace

namespace {

// One set of options to apply, in order: bases first, then the file's own
// options, then its overrides (later wins).
struct Layer {
  const ConfigDocument* document;
  const json* object;
  std::string key;
  const json* files = nullptr;  ///< overrides only
};

}  // namespace

struct ConfigResolver::Loaded {
  ConfigDocument document;
  bool root = false;
  /// The whole `extends` chain as layers, each file once (see flatten).
  std::vector<Layer> layers;
  std::vector<std::string> ignores;  ///< the chain's ignorePatterns, bases first
};

struct ConfigResolver::Folder {
  const Loaded* nearest = nullptr;
  std::vector<IgnorePattern> ignores;  ///< outermost configuration first
};

namespace {

// The layers of a configuration from its bases' (already flattened) layers
// and its own. A file reached twice (a diamond: two bases extending one
// file) is applied once, at its last place: options are set, later wins, so
// the result is the same, and 21 levels of diamonds no longer take 2^21
// layers.
template <typename LoadedT>
void flatten(LoadedT& config, const std::vector<const LoadedT*>& bases) {
  std::vector<Layer> all;
  for (const LoadedT* base : bases) all.insert(all.end(), base->layers.begin(), base->layers.end());
  const json& value = config.document.value;
  all.push_back(Layer{.document = &config.document, .object = &value, .key = ""});
  if (value.contains("overrides")) {
    const json& overrides = value["overrides"];
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      all.push_back(Layer{.document = &config.document,
                          .object = &overrides[i],
                          .key = element_path("overrides", i),
                          .files = &overrides[i]["files"]});
    }
  }
  std::set<std::pair<const ConfigDocument*, std::string>> seen;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (seen.emplace(it->document, it->key).second) config.layers.push_back(*it);
  }
  std::reverse(config.layers.begin(), config.layers.end());
  for (const Layer& layer : config.layers) {
    if (!layer.key.empty() || !layer.object->contains("ignorePatterns")) continue;
    for (const json& pattern : (*layer.object)["ignorePatterns"]) config.ignores.push_back(pattern.get<std::string>());
  }
}

// Overrides and ignore patterns of a whole chain are relative to the folder
// of the configuration the chain starts from (ESLint's rule for extended
// configurations): a shared base's `**/*.test.ts` means this project's tests.
bool matches_any(const json& files, std::string_view relative) {
  for (const json& glob : files) {
    if (glob_match(glob.get<std::string>(), relative)) return true;
  }
  return false;
}

}  // namespace

ConfigResolver::ConfigResolver(std::string explicit_config, Finish finish)
    : explicit_(std::move(explicit_config)), finish_(std::move(finish)) {
  std::error_code ec;
  cwd_ = fs::current_path(ec).string();
}

std::string ConfigResolver::absolute_path(const std::string& path) const {
  if (cwd_.empty() || cwd_ == "/") return normal_absolute(path);
  std::string joined = path.starts_with('/') ? path : cwd_ + "/" + path;
  // Found paths are already normal; anything with `.`, `..` or `//` parts takes the slow way.
  const bool normal = joined.find("//") == std::string::npos && joined.find("/./") == std::string::npos &&
                      joined.find("/../") == std::string::npos && !joined.ends_with("/.") &&
                      !joined.ends_with("/..") && !joined.ends_with('/');
  return normal ? joined : normal_absolute(joined);
}
ConfigResolver::~ConfigResolver() = default;

std::optional<std::string> ConfigResolver::load(const std::string& path, bool package_json, const std::string& within,
                                                std::vector<std::string>& stack, const Loaded*& out) {
  const std::string key = normal_absolute(path);
  // Each file is read and parsed once, however often it is extended.
  if (const auto it = loaded_.find(key); it != loaded_.end()) {
    out = it->second.get();
    return std::nullopt;
  }
  if (const auto it = failed_.find(key); it != failed_.end()) return it->second;
  auto config = std::make_unique<Loaded>();
  bool found = true;
  if (auto error = read_document(path, package_json, config->document, &found, within)) {
    failed_[key] = *error;
    return error;
  }
  if (!found) {
    out = nullptr;
    return std::nullopt;
  }
  const json& value = config->document.value;
  config->root = value.value("root", false);
  std::vector<const Loaded*> bases;
  if (value.contains("extends")) {
    std::vector<std::string> targets;
    if (value["extends"].is_string()) {
      targets.push_back(value["extends"].get<std::string>());
    } else {
      for (const json& target : value["extends"]) targets.push_back(target.get<std::string>());
    }
    // `extends` stays inside the repository of the file that names it (or
    // under a folder given with --allow-extends): a pull request must not
    // make CI read /etc/passwd into an error message.
    const std::string repository = link_boundary(key);
    // Each level is a frame of this recursion and a copy of the chain's
    // layers: a chain of 100 000 committed files must not exhaust either.
    if (stack.size() >= kMaxExtendsDepth) {
      return key_line_error(config->document, "extends",
                            fmt::format("extends nested deeper than {} files", kMaxExtendsDepth));
    }
    stack.push_back(key);
    for (const std::string& target : targets) {
      const fs::path resolved = fs::path(config->document.folder) / target;
      const std::string resolved_key = normal_absolute(resolved);
      if (std::find(stack.begin(), stack.end(), resolved_key) != stack.end()) {
        std::string chain;
        for (auto it = std::find(stack.begin(), stack.end(), resolved_key); it != stack.end(); ++it) {
          chain += fmt::format("{} -> ", fs::path(*it).filename().string());
        }
        chain += fs::path(resolved_key).filename().string();
        stack.pop_back();
        return key_line_error(config->document, "extends", fmt::format("circular extends: {}", chain));
      }
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(resolved, ec))) {
        stack.pop_back();
        return key_line_error(config->document, "extends", fmt::format("cannot find `{}`", target));
      }
      const std::string allowed = extends_boundary(resolved_key, repository);
      if (allowed.empty()) {
        stack.pop_back();
        return key_line_error(
            config->document, "extends",
            fmt::format("`{}` is outside the repository `{}`; name its folder with --allow-extends to use it",
                        target, repository));
      }
      const Loaded* base = nullptr;
      if (auto error = load(resolved.string(), resolved.filename() == "package.json", allowed, stack, base)) {
        stack.pop_back();
        return error;
      }
      if (!base) {
        stack.pop_back();
        return key_line_error(config->document, "extends", fmt::format("`{}` has no \"fanout\" key", target));
      }
      bases.push_back(base);
    }
    stack.pop_back();
  }
  flatten(*config, bases);
  out = config.get();
  loaded_[key] = std::move(config);
  return std::nullopt;
}

std::string ConfigResolver::extends_boundary(const std::string& target, const std::string& repository) const {
  const std::string real = real_or_lexical(target);
  if (const std::string root = real_or_lexical(repository); real == root || below(real, root)) return repository;
  for (const std::string& folder : allowed_extends_) {
    const std::string root = real_or_lexical(normal_absolute(folder));
    if (real == root || below(real, root)) return root;
  }
  return {};
}

std::optional<std::string> ConfigResolver::config_in(const std::string& folder, const Loaded*& out) {
  out = nullptr;
  std::vector<std::string> stack;
  // In one folder the dedicated files win over package.json; fanout.jsonc
  // over fanout.json.
  // An entry that is there at all is a candidate: a dangling or outward
  // link is an error to report, not a file to skip silently.
  for (const char* name : {"fanout.jsonc", "fanout.json"}) {
    const std::string path = (fs::path(folder) / name).string();
    if (present(path)) return load(path, false, link_boundary(path), stack, out);
  }
  const std::string package = (fs::path(folder) / "package.json").string();
  if (present(package)) return load(package, true, link_boundary(package), stack, out);
  return std::nullopt;
}

std::optional<std::string> ConfigResolver::folder(const std::string& absolute, const Folder*& out) {
  if (const auto it = folders_.find(absolute); it != folders_.end()) {
    out = it->second.get();
    return std::nullopt;
  }
  const Loaded* own = nullptr;
  if (auto error = config_in(absolute, own)) return error;
  // The walk ends at a `"root": true` configuration, at the repository root
  // (a `.git` entry) or at the top of the file system.
  const std::string parent = parent_of(absolute);
  const bool stop = (own && own->root) || exists((fs::path(absolute) / ".git").string()) || parent.empty();
  auto result = std::make_unique<Folder>();
  if (!stop) {
    const Folder* above = nullptr;
    if (auto error = folder(parent, above)) return error;
    *result = *above;
  }
  if (own) {
    // The nearest configuration applies; ignore patterns add up down the tree.
    result->nearest = own;
    for (const std::string& line : own->ignores) {
      IgnorePattern pattern;
      if (parse_ignore_pattern(line, own->document.folder, pattern)) result->ignores.push_back(std::move(pattern));
    }
  }
  out = result.get();
  folders_[absolute] = std::move(result);
  return std::nullopt;
}

std::optional<std::string> ConfigResolver::resolve(const std::string& path, FileConfig& out) {
  out = FileConfig{};
  const std::string file = absolute_path(path);
  Folder explicit_folder;
  const Folder* where = &explicit_folder;
  if (!explicit_.empty()) {
    std::vector<std::string> stack;
    const Loaded* config = nullptr;
    // A file the user names is read wherever it is; its `extends` still
    // stay in its repository.
    if (auto error = load(explicit_, false, "", stack, config)) return error;
    explicit_folder.nearest = config;
    for (const std::string& line : config->ignores) {
      IgnorePattern pattern;
      if (parse_ignore_pattern(line, config->document.folder, pattern)) {
        explicit_folder.ignores.push_back(std::move(pattern));
      }
    }
  } else if (lookup_) {
    if (auto error = folder(parent_of(file), where)) return error;
  }
  // Ignored files still get their options: --print-config shows them.
  if (use_ignores_) {
    if (extra_ignores_.empty()) {
      out.ignored = is_ignored(where->ignores, file);
    } else {
      std::vector<IgnorePattern> all = where->ignores;
      all.insert(all.end(), extra_ignores_.begin(), extra_ignores_.end());
      out.ignored = is_ignored(all, file);
    }
  }

  std::vector<Layer> layers;
  std::string cache_key;
  if (where->nearest) {
    out.source = where->nearest->document.path;
    layers = where->nearest->layers;
    for (const Layer& layer : layers) {
      if (layer.files != nullptr) continue;  // overrides live in their file
      out.sources.push_back(layer.document->path);
      // `format` is a top-level key: the chain's last one wins.
      if (layer.object->contains("format")) out.format = (*layer.object)["format"].get<std::string>();
    }
    const auto relative = below(file, where->nearest->document.folder);
    std::erase_if(layers, [&](const Layer& layer) {
      return layer.files && !(relative && matches_any(*layer.files, *relative));
    });
    cache_key = where->nearest->document.folder + "/" + where->nearest->document.path;
    for (const Layer& layer : layers) cache_key += fmt::format("|{}#{}", layer.document->path, layer.key);
  }
  if (const auto it = effective_.find(cache_key); it != effective_.end()) {
    out.options = it->second;
    return std::nullopt;
  }
  AnalysisOptions options;
  for (const Layer& layer : layers) {
    if (auto error = apply_options(*layer.document, *layer.object, layer.key, options)) return error;
  }
  if (finish_) {
    if (auto error = finish_(options)) return error;
  }
  auto shared = std::make_shared<const AnalysisOptions>(std::move(options));
  effective_[cache_key] = shared;
  out.options = std::move(shared);
  return std::nullopt;
}

void ConfigResolver::add_ignores(std::vector<IgnorePattern> patterns) {
  extra_ignores_.insert(extra_ignores_.end(), std::make_move_iterator(patterns.begin()),
                        std::make_move_iterator(patterns.end()));
}

std::string link_boundary(const std::string& file) {
  const std::string folder = parent_of(normal_absolute(file));
  if (std::string root = repository_root(folder); !root.empty()) return root;
  std::error_code ec;
  const std::string cwd = normal_absolute(fs::current_path(ec));
  if (!ec && (folder == cwd || below(folder, cwd))) return cwd;
  return folder;
}

std::string repository_root(const std::string& folder) {
  for (std::string at = normal_absolute(folder); !at.empty(); at = parent_of(at)) {
    if (exists((fs::path(at) / ".git").string())) return at;
  }
  return {};
}

}  // namespace fanout::config
