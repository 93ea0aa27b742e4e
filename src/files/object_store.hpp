// Reading objects straight from a repository's object folder, for --staged:
// loose objects (what `git add` and `git commit` write) and pack files (what
// a clone or `git gc` leaves), deltas included. A pre-commit hook then needs
// no git process at all (src/files/ internal).
//
// Not libgit2: Debian's static libgit2 needs Kerberos' GSSAPI, which Debian
// ships only as shared libraries, and the release binary is static. What is
// read here is small and documented (gitformat-pack(5)); anything it does
// not know answers nullopt and the caller asks git instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fanout::files {

/// An object's type as git stores it.
enum class ObjectType : std::uint8_t { commit = 1, tree = 2, blob = 3, tag = 4 };

struct GitObject {
  ObjectType type = ObjectType::blob;
  std::string data;
};

/// The objects under `git_dir`/objects of a SHA-1 repository.
class ObjectStore {
 public:
  /// Object files are opened without following links, and only regular
  /// files of a bounded size are read.
  explicit ObjectStore(std::string git_dir);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  /// The object with id `id` (40 hex digits, or 20 raw bytes) when it is
  /// loose or in a pack and at most `max_bytes` long; nullopt for anything
  /// else (missing, damaged, larger, a format this does not read).
  std::optional<GitObject> read(std::string_view id, std::size_t max_bytes);

  /// read() for a blob only: its content.
  std::optional<std::string> blob(std::string_view id, std::size_t max_bytes);

 private:
  struct Packs;
  std::optional<GitObject> read_loose(std::string_view raw_id, std::size_t max_bytes);

  std::string git_dir_;
  std::unique_ptr<Packs> packs_;  // opened at the first object that is not loose
};

/// "0a1b..." for 20 or 32 raw bytes; "" for anything else.
std::string hex_id(std::string_view raw);

/// The raw bytes of 40 or 64 lowercase hex digits; "" for anything else.
std::string raw_id(std::string_view hex);

}  // namespace fanout::files
