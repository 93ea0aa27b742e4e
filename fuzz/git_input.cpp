#include "fuzz/git_input.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "files/git_index.hpp"
#include "files/object_store.hpp"
#include "files/staged_index.hpp"

namespace fanout::fuzz {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The next part of `rest`: its length first, or all that is left.
std::string_view take_part(std::string_view& rest) {
  if (rest.size() < 4) return std::exchange(rest, {});
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(rest[i])); };
  const std::size_t length =
      std::min<std::size_t>(byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24), rest.size() - 4);
  const std::string_view part = rest.substr(4, length);
  rest.remove_prefix(4 + length);
  return part;
}

}  // namespace

fs::path make_git_root() {
  std::string pattern = (fs::temp_directory_path() / "fanout-fuzz-git-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  const fs::path root(pattern);
  fs::create_directories(root / ".git/objects/pack");
  fs::create_directories(root / ".git/refs/heads");
  std::ofstream(root / ".git/config") << "[core]\n\trepositoryformatversion = 0\n";
  static std::vector<fs::path> made;
  if (made.empty()) {
    std::atexit([] {
      std::error_code ec;
      for (const fs::path& path : made) fs::remove_all(path, ec);
    });
  }
  made.push_back(root);
  return root;
}

void read_git_input(std::string_view input, const fs::path& root) {
  if (input.size() < 20) return;
  const std::string head = files::hex_id(input.substr(0, 20));
  input.remove_prefix(20);
  const std::string_view index = take_part(input);
  const std::string_view pack_index = take_part(input);
  const fs::path git_dir = root / ".git";
  write(git_dir / "HEAD", head + "\n");
  write(git_dir / "index", index);
  write(git_dir / "objects/pack/pack-fuzz.idx", pack_index);
  write(git_dir / "objects/pack/pack-fuzz.pack", input);

  (void)files::parse_git_index(index);
  files::ObjectStore objects(git_dir.string());
  (void)files::staged_without_git(git_dir.string(), root.string(), objects);
  // Every object the pack index names, as far as it names them.
  constexpr std::size_t kIdsAt = 8 + 256 * 4;
  for (std::size_t at = kIdsAt; at + 20 <= pack_index.size() && at < kIdsAt + 32 * 20; at += 20) {
    (void)objects.read(pack_index.substr(at, 20), std::size_t{1} << 20);
  }
}

}  // namespace fanout::fuzz
