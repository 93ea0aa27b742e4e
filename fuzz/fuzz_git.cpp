// libFuzzer entry point for what --staged reads of a repository itself
// (fuzz/README.md): the index, a pack and its index, and the walk of HEAD's
// tree along the index. A repository handed over as a tarball brings its own
// .git; none of it may crash or hang fanout.
//
// Input: 20 bytes (HEAD's commit id), then the index, the pack index and the
// pack, the first two each after its length (4 bytes, little-endian).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>

#include "files/git_index.hpp"
#include "files/object_store.hpp"
#include "files/staged_index.hpp"

namespace {

namespace fs = std::filesystem;

// One repository folder for the whole run, its files rewritten per input.
const fs::path& repository() {
  static const fs::path root = [] {
    std::string pattern = (fs::temp_directory_path() / "fanout-fuzz-git-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    const fs::path made(pattern);
    fs::create_directories(made / ".git/objects/pack");
    fs::create_directories(made / ".git/refs/heads");
    std::ofstream(made / ".git/config") << "[core]\n\trepositoryformatversion = 0\n";
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(repository(), ec);
    });
    return made;
  }();
  return root;
}

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The next part of `rest`: its length first, or all that is left.
std::string_view take_part(std::string_view& rest) {
  if (rest.size() < 4) return std::exchange(rest, {});
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(rest[i])); };
  const std::size_t length = std::min<std::size_t>(byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24), rest.size() - 4);
  const std::string_view part = rest.substr(4, length);
  rest.remove_prefix(4 + length);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  if (rest.size() < 20) return 0;
  const std::string head = fanout::files::hex_id(rest.substr(0, 20));
  rest.remove_prefix(20);
  const std::string_view index = take_part(rest);
  const std::string_view pack_index = take_part(rest);
  const fs::path& root = repository();
  const fs::path git_dir = root / ".git";
  write(git_dir / "HEAD", head + "\n");
  write(git_dir / "index", index);
  write(git_dir / "objects/pack/pack-fuzz.idx", pack_index);
  write(git_dir / "objects/pack/pack-fuzz.pack", rest);

  (void)fanout::files::parse_git_index(index);
  fanout::files::ObjectStore objects(git_dir.string(), root.string());
  (void)fanout::files::staged_without_git(git_dir.string(), root.string(), objects);
  // Every object the pack index names, as far as it names them.
  constexpr std::size_t kIdsAt = 8 + 256 * 4;
  for (std::size_t at = kIdsAt; at + 20 <= pack_index.size() && at < kIdsAt + 32 * 20; at += 20) {
    (void)objects.read(pack_index.substr(at, 20), std::size_t{1} << 20);
  }
  return 0;
}
