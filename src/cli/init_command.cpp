// `fanout init`: a commented starter fanout.jsonc in the working directory.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/commands.hpp"

namespace fanout::cli {
namespace {

// Every key shown with its default, so the file documents itself; tests
// validate it against schema/fanout.schema.json and the loader.
constexpr const char* kStarter = R"({
  // fanout configuration (README.md, "Configuration" in the fanout repository).
  // The nearest fanout.jsonc above a file applies; "root": true also stops
  // the search for ignore patterns in folders above this one.
  "root": true,

  // Severity per rule: "off", "info", "warn" or "error".
  "rules": {
    "unbounded-promise-all": "error",
    "unbounded-library-map": "error",
    "async-foreach": "error"
  },

  // Array literals up to this many elements count as a fixed set of tasks.
  "maxLiteralElements": 16,

  // How `fanout check --fix` rewrites: "auto" (bluebird where a file already
  // binds it, p-map where package.json declares a version the file can load,
  // else a for...of loop), "bluebird", "p-map", "for-of" or "custom".
  "fix": { "style": "auto", "concurrency": 8 },

  // Files never checked (gitignore syntax, relative to this folder).
  "ignorePatterns": ["dist/", "build/", "coverage/"],

  // Settings for some files only; later entries win.
  "overrides": [
    { "files": ["**/*.test.{js,ts}", "**/*.spec.{js,ts}"], "rules": { "unbounded-promise-all": "warn" } }
  ],

  // A `// fanout-disable-next-line RULE` comment must say why after ` -- `.
  "requireSuppressionReason": false,

  // Report suppression comments that suppress nothing: "off", "info", "warn" or "error".
  "reportUnusedDisableDirectives": "off"
}
)";

// Whether ./.gitignore has a line naming `entry` (with or without a slash).
bool gitignore_lists(std::string_view entry) {
  std::ifstream in(".gitignore", std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '/')) line.pop_back();
    if (line.starts_with('/')) line.erase(0, 1);
    if (line == entry) return true;
  }
  return false;
}

}  // namespace

std::string_view starter_config() { return kStarter; }

int init_command() {
  namespace fs = std::filesystem;
  for (const char* name : {"fanout.jsonc", "fanout.json"}) {
    std::error_code ec;
    if (fs::exists(name, ec)) {
      print_error(fmt::format("{} already exists; not overwriting it", name));
      return kExitError;
    }
  }
  std::ofstream out("fanout.jsonc", std::ios::binary | std::ios::trunc);
  out << kStarter;
  out.flush();
  if (!out) {
    print_error("fanout.jsonc: cannot write the configuration");
    return kExitError;
  }
  fmt::print("wrote fanout.jsonc\n");
  // --cache writes .fanoutcache beside it: machine-specific, never committed.
  if (!gitignore_lists(".fanoutcache")) {
    fmt::print("`fanout check --cache` keeps its results in .fanoutcache: add `.fanoutcache` to .gitignore\n");
  }
  return kExitClean;
}

}  // namespace fanout::cli
