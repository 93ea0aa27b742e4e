#include "files/git_index.hpp"

#include <algorithm>
#include <charconv>

namespace fanout::files {
namespace {

constexpr std::size_t kRawIdBytes = 20;
constexpr std::size_t kFixedEntryBytes = 62;  // stat data, mode, id and flags
constexpr int kMaxTreeDepth = 1024;

std::uint32_t big_endian32(std::string_view bytes, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
  return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

std::uint16_t big_endian16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) | static_cast<unsigned char>(bytes[at + 1]));
}

bool known_mode(std::uint32_t mode) { return mode == 0100644 || mode == 0100755 || mode == 0120000 || mode == 0160000; }

// One node of the cache-tree extension and, after it, its subtrees:
// "name\0<entries> <subtrees>\n" and the tree id when <entries> is not -1.
bool read_tree_node(std::string_view data, std::size_t& pos, const std::string& parent, int depth,
                    std::map<std::string, std::string, std::less<>>& trees) {
  if (depth > kMaxTreeDepth) return false;
  const std::size_t nul = data.find('\0', pos);
  if (nul == std::string_view::npos) return false;
  const std::string_view name = data.substr(pos, nul - pos);
  const std::size_t newline = data.find('\n', nul);
  if (newline == std::string_view::npos) return false;
  const char* first = data.data() + nul + 1;
  const char* last = data.data() + newline;
  long entries = 0;
  long subtrees = 0;
  auto [after_entries, entries_error] = std::from_chars(first, last, entries);
  if (entries_error != std::errc() || after_entries == last || *after_entries != ' ') return false;
  auto [after_subtrees, subtrees_error] = std::from_chars(after_entries + 1, last, subtrees);
  if (subtrees_error != std::errc() || after_subtrees != last || subtrees < 0) return false;
  pos = newline + 1;
  const std::string path = depth == 0 ? std::string() : parent + std::string(name) + "/";
  if (entries >= 0) {
    if (data.size() - pos < kRawIdBytes) return false;
    trees.emplace(path, std::string(data.substr(pos, kRawIdBytes)));
    pos += kRawIdBytes;
  }
  for (long i = 0; i < subtrees; ++i) {
    if (!read_tree_node(data, pos, path, depth + 1, trees)) return false;
  }
  return true;
}

// A version 4 entry's path: how many bytes of the previous path to drop,
// in the offset encoding packs use too.
bool read_strip_count(std::string_view body, std::size_t& pos, std::size_t& count) {
  if (pos >= body.size()) return false;
  auto byte = static_cast<unsigned char>(body[pos++]);
  count = byte & 0x7f;
  while ((byte & 0x80) != 0) {
    if (pos >= body.size() || count > (std::size_t{1} << 48)) return false;
    byte = static_cast<unsigned char>(body[pos++]);
    count = ((count + 1) << 7) | (byte & 0x7f);
  }
  return true;
}

}  // namespace

std::optional<GitIndex> parse_git_index(std::string_view bytes) {
  if (bytes.size() < 12 + kRawIdBytes || !bytes.starts_with("DIRC")) return std::nullopt;
  const std::uint32_t version = big_endian32(bytes, 4);
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t count = big_endian32(bytes, 8);
  const std::string_view body = bytes.substr(0, bytes.size() - kRawIdBytes);  // the checksum ends the file
  GitIndex index;
  index.entries.reserve(std::min<std::size_t>(count, body.size() / kFixedEntryBytes));
  std::size_t pos = 12;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t start = pos;
    if (body.size() - pos < kFixedEntryBytes) return std::nullopt;
    IndexEntry entry;
    entry.mode = big_endian32(body, pos + 24);
    body.copy(entry.id.data(), kRawIdBytes, pos + 40);
    const std::uint16_t flags = big_endian16(body, pos + 60);
    entry.stage = (flags >> 12) & 3;
    pos += kFixedEntryBytes;
    if ((flags & 0x4000) != 0) {  // extended flags
      if (version < 3 || body.size() - pos < 2) return std::nullopt;
      const std::uint16_t extended = big_endian16(body, pos);
      pos += 2;
      // `git add -N`: in the index without content, which `git diff --cached`
      // treats in ways that changed between git versions.
      if ((extended & 0x2000) != 0) return std::nullopt;
    }
    if (!known_mode(entry.mode)) return std::nullopt;
    if (version == 4) {
      std::size_t strip = 0;
      if (!read_strip_count(body, pos, strip)) return std::nullopt;
      const std::string& previous = index.entries.empty() ? std::string() : index.entries.back().path;
      const std::size_t nul = body.find('\0', pos);
      if (strip > previous.size() || nul == std::string_view::npos) return std::nullopt;
      entry.path.reserve(previous.size() - strip + (nul - pos));
      entry.path.assign(previous, 0, previous.size() - strip);
      entry.path.append(body.substr(pos, nul - pos));
      pos = nul + 1;
    } else {
      const std::size_t nul = body.find('\0', pos);
      if (nul == std::string_view::npos) return std::nullopt;
      entry.path = std::string(body.substr(pos, nul - pos));
      const std::size_t length = flags & 0xfff;
      if (length < 0xfff && length != entry.path.size()) return std::nullopt;
      // NUL-padded to a multiple of eight bytes, at least one NUL
      pos = start + ((nul - start + 8) & ~std::size_t{7});
      if (pos > body.size()) return std::nullopt;
    }
    if (entry.path.empty()) return std::nullopt;
    if (!index.entries.empty()) {
      const IndexEntry& last = index.entries.back();
      const int order = last.path.compare(entry.path);
      if (order > 0 || (order == 0 && last.stage >= entry.stage)) return std::nullopt;
    }
    index.entries.push_back(std::move(entry));
  }
  while (pos < body.size()) {
    if (body.size() - pos < 8) return std::nullopt;
    const std::string_view signature = body.substr(pos, 4);
    const std::uint32_t size = big_endian32(body, pos + 4);
    pos += 8;
    if (size > body.size() - pos) return std::nullopt;
    const std::string_view data = body.substr(pos, size);
    pos += size;
    if (signature == "TREE") {
      std::size_t at = 0;
      if (!read_tree_node(data, at, {}, 0, index.trees)) index.trees.clear();  // only an aid: read without it
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      return std::nullopt;  // a mandatory extension ("link", "sdir"...)
    }
  }
  return index;
}

}  // namespace fanout::files
