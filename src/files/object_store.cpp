#include "files/object_store.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include <zlib.h>


namespace fanout::files {
namespace {

constexpr std::size_t kRawIdBytes = 20;  // SHA-1: the only format read here
// Bases and deltas on the way to the object asked for may be larger than it;
// this bounds what a hostile pack can make us hold.
constexpr std::size_t kMaxIntermediateBytes = std::size_t{64} << 20;
// git's own packs use chains of at most 50 (4095 by the format); a longer
// chain is damage or hostility.
constexpr std::size_t kMaxDeltaChain = 4096;
constexpr std::size_t kMaxPacks = 4096;
// What a chain may make us produce (its base, its deltas and each result)
// for one object, and for all the objects one store reads: a few hundred
// bytes of deltas can ask for gigabytes of copying, and only real packs
// should cost time.
constexpr std::size_t kMaxBytesPerObject = std::size_t{256} << 20;
constexpr std::size_t kMaxBytesPerStore = std::size_t{1} << 30;

// Inflates one zlib stream fed by `next` (which points its argument at the
// next bytes and returns how many, 0 at the end of the input) into exactly
// `size` bytes; nullopt when the stream is damaged or its content has another
// size. The buffer grows with what the stream gives, not with the size the
// header claims: a few bytes of a hostile pack may claim 64 MiB.
// `expected` is a first guess of the room needed (what the compressed size
// suggests).
template <class Feed>
std::optional<std::string> inflate_exactly(std::size_t size, Feed&& next, std::size_t expected = 65536) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  const std::size_t room = size + 1;  // one byte more, to notice content past `size`
  std::string out(std::min<std::size_t>(room, std::max<std::size_t>(expected, 4096)), '\0');
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = Z_OK;
  for (;;) {
    if (stream.avail_out == 0) {
      if (out.size() == room) break;  // more content than `size`
      const std::size_t used = out.size();
      out.resize(std::min(room, used * 2));
      stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      stream.avail_out = static_cast<uInt>(out.size() - used);
    }
    if (stream.avail_in == 0) {
      const unsigned char* input = nullptr;
      const std::size_t got = next(&input);
      if (got == 0) break;
      stream.next_in = const_cast<Bytef*>(input);
      stream.avail_in = static_cast<uInt>(got);
    }
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_BUF_ERROR) break;
  }
  const bool whole = status == Z_STREAM_END && stream.total_out == size;
  inflateEnd(&stream);
  if (!whole) return std::nullopt;
  out.resize(size);
  return out;
}

// An open file descriptor, closed with its owner.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int value) : fd(value) {}
  Fd(Fd&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd, other.fd);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// A regular file of the object folder, opened without following a link and
// without blocking on a FIFO; its size in `size`.
Fd open_regular(const std::string& path, std::uint64_t& size) {
  Fd file(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  struct stat st{};
  if (file.fd < 0 || fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) return Fd();
  size = static_cast<std::uint64_t>(st.st_size);
  return file;
}

bool read_exactly(int fd, std::uint64_t at, void* into, std::size_t n) {
  auto* bytes = static_cast<char*>(into);
  while (n > 0) {
    const ssize_t got = pread(fd, bytes, n, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    bytes += got;
    at += static_cast<std::uint64_t>(got);
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

std::uint32_t big_endian32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// The delta format's sizes: 7 bits at a time, least significant first.
bool delta_size(std::string_view delta, std::size_t& pos, std::size_t& out) {
  out = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= delta.size()) return false;
    const auto byte = static_cast<unsigned char>(delta[pos++]);
    out |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Applies a git delta (copy and insert instructions) to `base`.
std::optional<std::string> apply_delta(std::string_view base, std::string_view delta, std::size_t limit) {
  std::size_t pos = 0;
  std::size_t base_size = 0;
  std::size_t result_size = 0;
  if (!delta_size(delta, pos, base_size) || !delta_size(delta, pos, result_size)) return std::nullopt;
  if (base_size != base.size() || result_size > limit) return std::nullopt;
  std::string out;
  out.reserve(std::min(result_size, base.size() + delta.size()));  // what a hostile header claims is not reserved
  while (pos < delta.size()) {
    const auto op = static_cast<unsigned char>(delta[pos++]);
    if ((op & 0x80) != 0) {  // copy from the base: which bytes are present says the op
      std::size_t offset = 0;
      std::size_t size = 0;
      for (int i = 0; i < 4; ++i) {
        if ((op & (1u << i)) == 0) continue;
        if (pos >= delta.size()) return std::nullopt;
        offset |= static_cast<std::size_t>(static_cast<unsigned char>(delta[pos++])) << (8 * i);
      }
      for (int i = 0; i < 3; ++i) {
        if ((op & (0x10u << i)) == 0) continue;
        if (pos >= delta.size()) return std::nullopt;
        size |= static_cast<std::size_t>(static_cast<unsigned char>(delta[pos++])) << (8 * i);
      }
      if (size == 0) size = 0x10000;
      if (offset > base.size() || size > base.size() - offset || size > result_size - out.size()) return std::nullopt;
      out.append(base.substr(offset, size));
    } else if (op != 0) {  // insert the next `op` bytes
      if (op > delta.size() - pos || op > result_size - out.size()) return std::nullopt;
      out.append(delta.substr(pos, op));
      pos += op;
    } else {
      return std::nullopt;  // reserved
    }
  }
  if (out.size() != result_size) return std::nullopt;
  return out;
}

std::optional<ObjectType> type_named(std::string_view name) {
  if (name == "blob") return ObjectType::blob;
  if (name == "tree") return ObjectType::tree;
  if (name == "commit") return ObjectType::commit;
  if (name == "tag") return ObjectType::tag;
  return std::nullopt;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string hex_id(std::string_view raw) {
  if (raw.size() != 20 && raw.size() != 32) return {};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (const char ch : raw) {
    const auto byte = static_cast<unsigned char>(ch);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

std::string raw_id(std::string_view hex) {
  if (hex.size() != 40 && hex.size() != 64) return {};
  std::string raw(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return {};
    raw[i] = static_cast<char>((high << 4) | low);
  }
  return raw;
}

// One pack and its index (version 2, gitformat-pack(5)), read with pread:
// the index of a large repository is tens of megabytes, and a lookup needs
// about twenty of its entries.
struct PackFile {
  Fd index;
  Fd pack;
  std::uint64_t index_size = 0;
  std::uint64_t pack_size = 0;
  std::uint32_t count = 0;
  std::array<std::uint32_t, 256> fan{};  // fan[b]: objects whose first byte is at most b

  static constexpr std::uint64_t kIdsAt = 8 + 256 * 4;

  static std::optional<PackFile> open(const std::string& index_path) {
    PackFile file;
    file.index = open_regular(index_path, file.index_size);
    if (file.index.fd < 0) return std::nullopt;
    std::array<unsigned char, kIdsAt> header{};
    if (!read_exactly(file.index.fd, 0, header.data(), header.size())) return std::nullopt;
    static constexpr unsigned char kMagic[] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
    if (std::memcmp(header.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
    std::uint32_t previous = 0;
    for (std::size_t b = 0; b < 256; ++b) {
      file.fan[b] = big_endian32(header.data() + 8 + 4 * b);
      if (file.fan[b] < previous) return std::nullopt;
      previous = file.fan[b];
    }
    file.count = file.fan[255];
    // ids, CRCs and 4-byte offsets for each object, then the two checksums
    if (file.index_size < kIdsAt + std::uint64_t{file.count} * (kRawIdBytes + 8) + 2 * kRawIdBytes) {
      return std::nullopt;
    }
    file.pack = open_regular(index_path.substr(0, index_path.size() - 4) + ".pack", file.pack_size);
    std::array<unsigned char, 8> pack_header{};
    if (file.pack.fd < 0 || !read_exactly(file.pack.fd, 0, pack_header.data(), pack_header.size()) ||
        std::memcmp(pack_header.data(), "PACK", 4) != 0) {
      return std::nullopt;
    }
    return file;
  }

  // Where the object starts in the pack, when this pack has it.
  std::optional<std::uint64_t> offset_of(std::string_view raw) const {
    const auto first = static_cast<unsigned char>(raw[0]);
    std::uint32_t low = first == 0 ? 0 : fan[first - 1];
    std::uint32_t high = fan[first];
    std::array<char, kRawIdBytes> id{};
    while (low < high) {
      const std::uint32_t mid = low + (high - low) / 2;
      if (!read_exactly(index.fd, kIdsAt + std::uint64_t{mid} * kRawIdBytes, id.data(), id.size())) return std::nullopt;
      const int order = std::memcmp(id.data(), raw.data(), kRawIdBytes);
      if (order == 0) return offset_at(mid);
      if (order < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return std::nullopt;
  }

  std::optional<std::uint64_t> offset_at(std::uint32_t position) const {
    const std::uint64_t offsets_at = kIdsAt + std::uint64_t{count} * (kRawIdBytes + 4);
    std::array<unsigned char, 8> bytes{};
    if (!read_exactly(index.fd, offsets_at + std::uint64_t{position} * 4, bytes.data(), 4)) return std::nullopt;
    std::uint64_t offset = big_endian32(bytes.data());
    if ((offset & 0x80000000u) != 0) {  // an entry of the table of 8-byte offsets
      const std::uint64_t large_at = offsets_at + std::uint64_t{count} * 4 + (offset & 0x7fffffffu) * 8;
      if (large_at + 8 + 2 * kRawIdBytes > index_size || !read_exactly(index.fd, large_at, bytes.data(), 8)) {
        return std::nullopt;
      }
      offset = (std::uint64_t{big_endian32(bytes.data())} << 32) | big_endian32(bytes.data() + 4);
    }
    if (offset < 12 || offset >= pack_size) return std::nullopt;
    return offset;
  }

  // What an entry's header says: its type (1-4, or 6 and 7 for deltas), its
  // inflated size, where its zlib stream starts, and a delta's base.
  struct Entry {
    int type = 0;
    std::size_t size = 0;
    std::uint64_t data_at = 0;
    std::uint64_t base_offset = 0;  // type 6
    std::string base_id;            // type 7
  };

  std::optional<Entry> entry_at(std::uint64_t offset) const {
    std::array<unsigned char, 64> head{};
    const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(head.size(), pack_size - offset));
    if (!read_exactly(pack.fd, offset, head.data(), available)) return std::nullopt;
    std::size_t pos = 0;
    const auto next = [&](unsigned char& byte) {
      if (pos >= available) return false;
      byte = head[pos++];
      return true;
    };
    unsigned char byte = 0;
    if (!next(byte)) return std::nullopt;
    Entry entry;
    entry.type = (byte >> 4) & 7;
    std::uint64_t size = byte & 15;
    for (int shift = 4; (byte & 0x80) != 0; shift += 7) {
      if (shift > 57 || !next(byte)) return std::nullopt;
      size |= std::uint64_t{byte & 0x7fu} << shift;
    }
    if (size > kMaxIntermediateBytes) return std::nullopt;
    entry.size = static_cast<std::size_t>(size);
    if (entry.type == 6) {  // the base is this many bytes before, in git's offset encoding
      if (!next(byte)) return std::nullopt;
      std::uint64_t distance = byte & 0x7f;
      while ((byte & 0x80) != 0) {
        if (distance > (std::uint64_t{1} << 55) || !next(byte)) return std::nullopt;
        distance = ((distance + 1) << 7) | (byte & 0x7f);
      }
      if (distance == 0 || distance > offset) return std::nullopt;
      entry.base_offset = offset - distance;
    } else if (entry.type == 7) {
      if (available < pos + kRawIdBytes) return std::nullopt;
      entry.base_id.assign(reinterpret_cast<const char*>(head.data() + pos), kRawIdBytes);
      pos += kRawIdBytes;
    } else if (entry.type < 1 || entry.type > 4) {
      return std::nullopt;
    }
    entry.data_at = offset + pos;
    return entry;
  }

  std::optional<std::string> inflate_entry(const Entry& entry) const {
    std::uint64_t at = entry.data_at;
    std::array<unsigned char, 16384> buffer{};
    return inflate_exactly(entry.size, [&](const unsigned char** input) -> std::size_t {
      if (at >= pack_size) return 0;
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), pack_size - at));
      if (!read_exactly(pack.fd, at, buffer.data(), n)) return 0;
      at += n;
      *input = buffer.data();
      return n;
    });
  }
};

struct ObjectStore::Packs {
  std::vector<PackFile> files;
  mutable std::size_t spent = 0;  // bytes produced so far, against kMaxBytesPerStore

  explicit Packs(const std::string& git_dir) {
    const std::string folder = git_dir + "/objects/pack";
    struct CloseDir {
      void operator()(DIR* dir) const { closedir(dir); }
    };
    std::unique_ptr<DIR, CloseDir> dir(opendir(folder.c_str()));
    if (!dir) return;
    while (const dirent* item = readdir(dir.get())) {
      const std::string_view name = item->d_name;
      if (!name.starts_with("pack-") || !name.ends_with(".idx")) continue;
      if (files.size() == kMaxPacks) break;
      if (auto file = PackFile::open(folder + "/" + std::string(name))) files.push_back(std::move(*file));
    }
  }

  std::optional<std::pair<const PackFile*, std::uint64_t>> find(std::string_view raw) const {
    for (const PackFile& file : files) {
      if (auto offset = file.offset_of(raw)) return std::pair{&file, *offset};
    }
    return std::nullopt;
  }

  // Follows the entry's delta chain to its base, then applies the deltas
  // from the base up: a loop, not recursion, so a long chain cannot
  // exhaust the stack.
  std::optional<GitObject> read(const PackFile* file, std::uint64_t offset, std::size_t max_bytes) const {
    std::vector<std::pair<const PackFile*, PackFile::Entry>> deltas;
    std::optional<PackFile::Entry> entry = file->entry_at(offset);
    while (entry && (entry->type == 6 || entry->type == 7)) {
      if (deltas.size() == kMaxDeltaChain) return std::nullopt;
      const PackFile* base_file = file;
      std::uint64_t base_offset = entry->base_offset;
      if (entry->type == 7) {
        const auto base = find(entry->base_id);
        if (!base) return std::nullopt;
        std::tie(base_file, base_offset) = *base;
      }
      deltas.emplace_back(file, std::move(*entry));
      file = base_file;
      entry = file->entry_at(base_offset);
    }
    if (!entry) return std::nullopt;
    std::size_t produced = 0;
    const auto afford = [&](std::size_t bytes) {
      produced += bytes;
      spent += bytes;
      return produced <= kMaxBytesPerObject && spent <= kMaxBytesPerStore;
    };
    if (!afford(entry->size)) return std::nullopt;
    std::optional<std::string> data = file->inflate_entry(*entry);
    for (auto it = deltas.rbegin(); data && it != deltas.rend(); ++it) {
      if (!afford(it->second.size)) return std::nullopt;
      const std::optional<std::string> delta = it->first->inflate_entry(it->second);
      if (!delta) return std::nullopt;
      data = apply_delta(*data, *delta, it + 1 == deltas.rend() ? max_bytes : kMaxIntermediateBytes);
      if (data && !afford(data->size())) return std::nullopt;
    }
    if (!data || data->size() > max_bytes) return std::nullopt;
    return GitObject{.type = static_cast<ObjectType>(entry->type), .data = std::move(*data)};
  }
};

ObjectStore::ObjectStore(std::string git_dir) : git_dir_(std::move(git_dir)) {}

ObjectStore::~ObjectStore() = default;

std::optional<GitObject> ObjectStore::read(std::string_view id, std::size_t max_bytes) {
  const std::string raw = id.size() == kRawIdBytes ? std::string(id) : raw_id(id);
  if (raw.size() != kRawIdBytes) return std::nullopt;
  if (auto loose = read_loose(raw, max_bytes)) return loose;
  if (!packs_) packs_ = std::make_unique<Packs>(git_dir_);
  const auto found = packs_->find(raw);
  if (!found) return std::nullopt;
  return packs_->read(found->first, found->second, max_bytes);
}

std::optional<std::string> ObjectStore::blob(std::string_view id, std::size_t max_bytes) {
  auto object = read(id, max_bytes);
  if (!object || object->type != ObjectType::blob) return std::nullopt;
  return std::move(object->data);
}

std::optional<GitObject> ObjectStore::read_loose(std::string_view raw, std::size_t max_bytes) {
  const std::string hex = hex_id(raw);
  const std::string path = git_dir_ + "/objects/" + hex.substr(0, 2) + "/" + hex.substr(2);
  // Compressed, an object is rarely larger than its content; a bound keeps
  // a damaged or hostile file from being read whole.
  // Not through read_own_file: git itself makes these files, and a link or
  // anything but a regular file is refused by opening it without following.
  std::uint64_t file_size = 0;
  const Fd object_file = open_regular(path, file_size);
  if (object_file.fd < 0 || file_size > max_bytes + max_bytes / 64 + 4096) return std::nullopt;
  std::string compressed(static_cast<std::size_t>(file_size), '\0');
  if (!read_exactly(object_file.fd, 0, compressed.data(), compressed.size())) return std::nullopt;
  // "<type> <size>\0<content>": the header comes first, to size the content.
  const std::size_t header_room = 32;
  bool fed = false;
  const auto feed = [&](const unsigned char** input) -> std::size_t {
    if (std::exchange(fed, true)) return 0;
    *input = reinterpret_cast<const unsigned char*>(compressed.data());
    return compressed.size();
  };
  // Inflating twice (header, then all) costs less than guessing: loose
  // objects are small, and the header is in the first block.
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  std::array<char, header_room> head{};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), 4096));
  stream.next_out = reinterpret_cast<Bytef*>(head.data());
  stream.avail_out = static_cast<uInt>(head.size());
  const int status = inflate(&stream, Z_NO_FLUSH);
  const std::size_t head_size = head.size() - stream.avail_out;
  inflateEnd(&stream);
  if (status != Z_OK && status != Z_STREAM_END) return std::nullopt;
  const std::string_view header(head.data(), head_size);
  const std::size_t space = header.find(' ');
  const std::size_t nul = header.find('\0');
  if (space == std::string_view::npos || nul == std::string_view::npos || space > nul) return std::nullopt;
  const auto type = type_named(header.substr(0, space));
  std::size_t size = 0;
  const char* first = header.data() + space + 1;
  const char* last = header.data() + nul;
  if (!type || std::from_chars(first, last, size).ptr != last || size > max_bytes) return std::nullopt;
  auto whole = inflate_exactly(nul + 1 + size, feed, 4 * compressed.size() + 4096);
  if (!whole) return std::nullopt;
  whole->erase(0, nul + 1);
  return GitObject{.type = *type, .data = std::move(*whole)};
}

}  // namespace fanout::files
