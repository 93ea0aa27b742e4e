// The project around a fixed file, as the rewrites need it: the nearest
// package.json (module type, declared dependencies) and tsconfig.json
// (compiler options after `extends`). Read with bounded sizes, never through
// a symbolic link that leaves the repository.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fanout/options.hpp"

namespace fanout::fixer {

/// Reads the facts for `file_path` (as the working directory sees it). A
/// missing or unreadable file leaves its part empty; nothing here throws.
ProjectFacts read_project_facts(std::string_view file_path, bool typescript);

/// The highest major version an npm range allows (`^4.0.0` -> 4, `4.x` -> 4,
/// `<5` -> 4, `npm:p-map@4` -> 4); nullopt when the range is open above or
/// not a version (`*`, `latest`, `>=4`, a URL or a path).
std::optional<int> highest_major(std::string_view range);

/// Does the package.json declare `package` (any dependency kind)?
const std::string* declared_range(const ProjectFacts& facts, std::string_view package);

/// TypeScript's effective settings for one file, defaults included.
struct TypeScriptSettings {
  bool default_import_of_cjs = false;  ///< `import X from 'cjs-package'` type-checks and runs
  bool synthetic_defaults = false;     ///< default imports of CommonJS type-check (maybe not run)
  bool emits_commonjs = false;         ///< this file compiles to CommonJS (`import x = require()` is allowed)
  bool iterates_entries = false;       ///< `for (const [i, x] of xs.entries())` compiles (ES2015+ or downlevelIteration)
  bool unchecked_index = true;         ///< `xs[i]` has the element type (no noUncheckedIndexedAccess)
  bool module_detection_force = false; ///< a file without import/export is still a module
};
TypeScriptSettings typescript_settings(const ProjectFacts& facts, bool esm_format);

}  // namespace fanout::fixer
