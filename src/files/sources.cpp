// The extension table's lookup (include/fanout/sources.hpp).
#include "fanout/sources.hpp"

namespace fanout {

const SourceExtension* source_extension(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return nullptr;
  // A dot that starts a name marks a hidden file, and a dot in a folder name is no ending.
  if (path[dot - 1] == '/' || path.find('/', dot) != std::string_view::npos) return nullptr;
  const std::string_view ending = path.substr(dot + 1);
  for (const SourceExtension& row : kSourceExtensions) {
    if (row.name == ending) return &row;
  }
  return nullptr;
}

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::javascript: return "JavaScript";
    case SourceKind::typescript: return "TypeScript";
    case SourceKind::tsx: return "TSX";
    case SourceKind::vue: return "Vue";
    case SourceKind::svelte: return "Svelte";
    case SourceKind::astro: return "Astro";
  }
  return "JavaScript";
}

}  // namespace fanout
