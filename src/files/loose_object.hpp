// Reading a blob straight from a repository's loose objects, for --staged:
// `git add` writes each staged file as a loose object, so a pre-commit hook
// usually needs no `git cat-file` process at all (src/files/ internal).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fanout::files {

/// The content of blob `id` (40 or 64 lowercase hex digits) when it is a
/// loose object under `git_dir`/objects of at most `max_bytes`; nullopt for
/// anything else (packed, missing, not a blob, damaged, larger): the caller
/// then asks git. The object file gets the guards of read_own_file() with
/// `within` as the repository.
std::optional<std::string> read_loose_blob(const std::string& git_dir, std::string_view id, std::size_t max_bytes,
                                           const std::string& within);

}  // namespace fanout::files
