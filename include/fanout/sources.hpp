// The files fanout reads, by extension: one table for the walker, the
// command line, the fixture runner and the rewriter (semantics.md, "What
// fanout reads"). Adding an extension is one row here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fanout {

/// What a file holds. JavaScript covers JSX, and Flow when the file has a
/// `@flow` pragma; the component kinds hold script blocks among markup.
enum class SourceKind : std::uint8_t { javascript, typescript, tsx, vue, svelte, astro };

/// How a file loads modules when its syntax does not say (an added import follows it).
enum class ModuleSystem : std::uint8_t {
  detect,    ///< ESM when the file has an import or export statement, else CommonJS
  esm,
  commonjs,
};

/// One row of the table: an ending (without the dot) and what it holds.
struct SourceExtension {
  std::string_view name;
  SourceKind kind;
  ModuleSystem modules = ModuleSystem::detect;
};

/// Every ending a folder walk picks up (cli.md), in the order the docs list them.
inline constexpr std::array<SourceExtension, 11> kSourceExtensions{{
    {.name = "js", .kind = SourceKind::javascript},
    {.name = "mjs", .kind = SourceKind::javascript, .modules = ModuleSystem::esm},
    {.name = "cjs", .kind = SourceKind::javascript, .modules = ModuleSystem::commonjs},
    {.name = "jsx", .kind = SourceKind::javascript},
    {.name = "ts", .kind = SourceKind::typescript},
    {.name = "mts", .kind = SourceKind::typescript, .modules = ModuleSystem::esm},
    {.name = "cts", .kind = SourceKind::typescript, .modules = ModuleSystem::commonjs},
    {.name = "tsx", .kind = SourceKind::tsx},
    // Component scripts are ES modules (each framework compiles them as such).
    {.name = "vue", .kind = SourceKind::vue, .modules = ModuleSystem::esm},
    {.name = "svelte", .kind = SourceKind::svelte, .modules = ModuleSystem::esm},
    {.name = "astro", .kind = SourceKind::astro, .modules = ModuleSystem::esm},
}};

/// The row for a path's ending, or null when it is not a source file. The
/// ending is case-sensitive, and a leading dot names a hidden file, not an
/// ending (`.js`, `dir/.ts`), as Node's path.extname says.
const SourceExtension* source_extension(std::string_view path);

/// True when a folder walk would pick the path up.
inline bool is_source_path(std::string_view path) { return source_extension(path) != nullptr; }

/// What a path holds, by its ending; nullopt for any other ending.
inline std::optional<SourceKind> source_kind_for_path(std::string_view path) {
  const SourceExtension* row = source_extension(path);
  return row != nullptr ? std::optional(row->kind) : std::nullopt;
}

/// What a file named directly is checked as: its table row, else JavaScript
/// (cli.md: a file named directly is checked whatever its ending).
inline SourceKind checked_kind_for_path(std::string_view path) {
  return source_kind_for_path(path).value_or(SourceKind::javascript);
}

/// The module system of a path's ending (`detect` for unknown endings).
inline ModuleSystem module_system_for_path(std::string_view path) {
  const SourceExtension* row = source_extension(path);
  return row != nullptr ? row->modules : ModuleSystem::detect;
}

std::string_view source_kind_name(SourceKind kind);

}  // namespace fanout
