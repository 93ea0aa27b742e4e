// ObjectStore: objects read straight from .git/objects, loose or packed,
// exactly as git reads them, or nullopt for whatever only git should read
// (then --staged asks `git cat-file`).
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "files/object_store.hpp"
#include "git_support.hpp"
#include "run_support.hpp"

namespace fanout::files {
namespace {

namespace fs = std::filesystem;
using testing::git_in;
using testing::git_line;


// A pack written byte by byte (gitformat-pack(5)), for what git itself would
// never write: a chain of deltas that each double what they are given.
class PackWriter {
 public:
  // Adds an object (type 1-4) or an offset delta (type 6) on the entry at
  // `base`; returns where it starts.
  std::uint64_t add(int type, const std::string& content, std::uint64_t base = 0) {
    const std::uint64_t at = pack_.size();
    std::size_t size = content.size();
    unsigned char byte = static_cast<unsigned char>((type << 4) | (size & 15));
    size >>= 4;
    while (size != 0) {
      pack_ += static_cast<char>(byte | 0x80);
      byte = size & 0x7f;
      size >>= 7;
    }
    pack_ += static_cast<char>(byte);
    if (type == 6) {  // the distance back, most significant group first, each but the last minus one
      std::uint64_t distance = at - base;
      std::string groups(1, static_cast<char>(distance & 0x7f));
      while ((distance >>= 7) != 0) groups.insert(groups.begin(), static_cast<char>(0x80 | (--distance & 0x7f)));
      pack_ += groups;
    }
    uLongf compressed_size = compressBound(content.size());
    std::string compressed(compressed_size, '\0');
    compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
              reinterpret_cast<const Bytef*>(content.data()), content.size(), 9);
    pack_.append(compressed, 0, compressed_size);
    // Ids need only be distinct and sorted: nothing checks them against content.
    offsets_.emplace_back(id_of(offsets_.size()), at);
    return at;
  }

  void write(const testing::TempDir& dir) const {
    std::string pack = pack_;
    pack.replace(8, 4, big_endian(static_cast<std::uint32_t>(offsets_.size())));
    pack += std::string(20, '\0');
    std::string index = std::string("\xfftOc", 4) + big_endian(2);
    for (int b = 0; b < 256; ++b) {
      std::uint32_t count = 0;
      for (const auto& entry : offsets_) count += static_cast<unsigned char>(entry.first[0]) <= b ? 1 : 0;
      index += big_endian(count);
    }
    for (const auto& entry : offsets_) index += entry.first;
    for (std::size_t i = 0; i < offsets_.size(); ++i) index += big_endian(0);  // CRCs
    for (const auto& entry : offsets_) index += big_endian(static_cast<std::uint32_t>(entry.second));
    index += std::string(40, '\0');
    dir.write(".git/objects/pack/pack-test.pack", pack);
    dir.write(".git/objects/pack/pack-test.idx", index);
  }

  // The nth object's id: its number, big-endian, then zeros.
  static std::string id_of(std::size_t nth) { return big_endian(static_cast<std::uint32_t>(nth + 1)) + std::string(16, '\0'); }

 private:
  static std::string big_endian(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
  }
  static std::string size_bytes(std::size_t value) {
    std::string out;
    do {
      out += static_cast<char>((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
      value >>= 7;
    } while (value != 0);
    return out;
  }

 public:
  // A delta that copies all of a `size`-byte base `times` times.
  static std::string copying_delta(std::size_t size, int times) {
    std::string delta = size_bytes(size) + size_bytes(times * size);
    for (int copy = 0; copy < times; ++copy) {
      for (std::size_t done = 0; done < size;) {
        const std::size_t n = std::min<std::size_t>(size - done, 0xffffff);
        // copy: offset in 4 bytes, size in 3 bytes, all present
        delta += static_cast<char>(0x80 | 0x0f | 0x70);
        for (int i = 0; i < 4; ++i) delta += static_cast<char>((done >> (8 * i)) & 0xff);
        for (int i = 0; i < 3; ++i) delta += static_cast<char>((n >> (8 * i)) & 0xff);
        done += n;
      }
    }
    return delta;
  }

 private:
  std::string pack_ = std::string("PACK\0\0\0\x02\0\0\0\0", 12);
  std::vector<std::pair<std::string, std::uint64_t>> offsets_;
};

class ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git_in(dir_.path(), "init -q .");
    ASSERT_TRUE(fs::is_directory(dir_.path() / ".git"));
  }
  std::string hash(const std::string& name, const std::string& text) {
    dir_.write(name, text);
    const std::string id = git_line(dir_.path(), "hash-object -w " + name);
    EXPECT_EQ(id.size(), 40u) << name;
    return id;
  }
  std::string git_dir() const { return (dir_.path() / ".git").string(); }
  ObjectStore store() const { return ObjectStore(git_dir()); }

  // A history whose packs hold deltas: one file grown over many commits, in
  // a few folders, so that blobs and trees are stored as deltas.
  void commit_history() {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      text += "export const value" + std::to_string(i) + " = " + std::to_string(i * 7) + ";\n";
      dir_.write("src/lib/values.js", text);
      dir_.write("src/index" + std::to_string(i % 5) + ".js", "export * from './lib/values.js';\n// " + text.substr(0, 40 * i));
      git_in(dir_.path(), "add -A");
      ASSERT_EQ(git_in(dir_.path(), "commit -q -m c" + std::to_string(i)), "");
      ASSERT_EQ(git_line(dir_.path(), "rev-list --count HEAD"), std::to_string(i + 1));
    }
  }

  // commit_history(), then everything in one pack (`git repack OPTIONS`).
  void pack_history(const std::string& options) {
    ASSERT_NO_FATAL_FAILURE(commit_history());
    git_in(dir_.path(), options + " repack -a -d -f -q --depth=50 --window=50");
    git_in(dir_.path(), "prune-packed");
    ASSERT_FALSE(only_pack(".pack").empty());
  }

  // Every object git knows, with its type.
  std::vector<std::pair<std::string, std::string>> all_objects() const {
    std::vector<std::pair<std::string, std::string>> objects;
    std::istringstream lines(git_in(dir_.path(), "cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype)'"));
    std::string id;
    std::string type;
    while (lines >> id >> type) objects.emplace_back(id, type);
    return objects;
  }

  // Reads every object through the store and compares it with git's bytes.
  void expect_every_object_as_git_reads_it() {
    auto objects = all_objects();
    ASSERT_GT(objects.size(), 100u);
    ObjectStore reader = store();
    for (const auto& [id, type] : objects) {
      const auto object = reader.read(id, 1 << 20);
      ASSERT_TRUE(object) << id << " " << type;
      EXPECT_EQ(object->data, git_in(dir_.path(), "cat-file " + type + " " + id)) << id << " " << type;
      EXPECT_EQ(static_cast<int>(object->type), type == "commit" ? 1 : type == "tree" ? 2 : type == "blob" ? 3 : 4);
    }
  }

  // How many objects of the pack are stored as deltas (so that the test
  // reads some).
  std::size_t deltas_in_pack() const {
    std::size_t deltas = 0;
    for (const auto& entry : fs::directory_iterator(dir_.path() / ".git/objects/pack")) {
      if (entry.path().extension() != ".idx") continue;
      std::istringstream lines(git_in(dir_.path(), "verify-pack -v '" + entry.path().string() + "'"));
      std::string line;
      while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::vector<std::string> fields{std::istream_iterator<std::string>(words), {}};
        if (fields.size() == 7 && fields[0].size() == 40) ++deltas;  // "id type size packed offset depth base"
      }
    }
    return deltas;
  }

  fs::path only_pack(const std::string& extension) const {
    for (const auto& entry : fs::directory_iterator(dir_.path() / ".git/objects/pack")) {
      if (entry.path().extension() == extension) return entry.path();
    }
    return {};
  }

  testing::TempDir dir_{"fanout-objects"};
};

TEST_F(ObjectStoreTest, ALooseBlobReadsAsItsContent) {
  const std::string text = "export const a = [1, 2].map((n) => n * 2);\n\0and a NUL";
  const std::string id = hash("a.js", std::string(text.data(), text.size()));
  EXPECT_EQ(store().blob(id, 1 << 20), text);
  const std::string empty = hash("empty.js", "");
  EXPECT_EQ(store().blob(empty, 1 << 20), "");
}

TEST_F(ObjectStoreTest, AnythingElseIsLeftToGit) {
  const std::string id = hash("a.js", std::string(5000, 'x'));
  EXPECT_FALSE(store().blob(id, 4999));                            // over the size limit
  EXPECT_FALSE(store().blob("not-an-id", 1 << 20));                // no object id
  EXPECT_FALSE(store().blob(std::string(40, '0'), 1 << 20));       // missing
  EXPECT_FALSE(store().blob("../../../../etc/passwd", 1 << 20));
  // A tree is no blob.
  git_in(dir_.path(), "add a.js");
  const std::string tree = git_line(dir_.path(), "write-tree");
  ASSERT_EQ(tree.size(), 40u);
  EXPECT_FALSE(store().blob(tree, 1 << 20));
  EXPECT_TRUE(store().read(tree, 1 << 20));
  // Damaged: not zlib, or a symlink out of the repository.
  const std::string damaged = hash("b.js", "const b = 1;\n");
  const fs::path file = dir_.path() / ".git" / "objects" / damaged.substr(0, 2) / damaged.substr(2);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  fs::remove(file);
  dir_.write(fs::relative(file, dir_.path()).string(), "garbage, not a zlib stream");
  EXPECT_FALSE(store().blob(damaged, 1 << 20));
  fs::remove(file);
  fs::create_symlink("/dev/zero", file);
  EXPECT_FALSE(store().blob(damaged, 1 << 20));
}

TEST_F(ObjectStoreTest, PackedObjectsWithOffsetDeltasReadAsGitReadsThem) {
  ASSERT_NO_FATAL_FAILURE(pack_history(""));
  ASSERT_GT(deltas_in_pack(), 20u);
  expect_every_object_as_git_reads_it();
}

TEST_F(ObjectStoreTest, PackedObjectsWithReferenceDeltasReadAsGitReadsThem) {
  ASSERT_NO_FATAL_FAILURE(pack_history("-c repack.useDeltaBaseOffset=false"));
  ASSERT_GT(deltas_in_pack(), 20u);
  expect_every_object_as_git_reads_it();
}

TEST_F(ObjectStoreTest, OffsetsInTheIndexsLargeTableAreRead) {
  ASSERT_NO_FATAL_FAILURE(pack_history(""));
  // Rewritten so that every object but the first (at byte 12) goes through the table of
  // 8-byte offsets, which real packs use beyond 2 GiB.
  const fs::path pack = only_pack(".pack");
  const fs::path index = only_pack(".idx");
  fs::remove(index);
  git_in(dir_.path(), "index-pack --index-version=2,12 -o '" + index.string() + "' '" + pack.string() + "'");
  ASSERT_TRUE(fs::exists(index));
  expect_every_object_as_git_reads_it();
}

TEST_F(ObjectStoreTest, ADamagedPackAnswersNothingRatherThanWrong) {
  ASSERT_NO_FATAL_FAILURE(pack_history(""));
  const auto objects = all_objects();
  std::map<std::string, std::string> contents;
  for (const auto& [id, type] : objects) contents[id] = git_in(dir_.path(), "cat-file " + type + " " + id);
  const fs::path pack = only_pack(".pack");
  const std::string original = testing::read_file(pack);
  fs::permissions(pack, fs::perms::owner_read | fs::perms::owner_write);
  // Cut short: whatever is read is whole, the rest nullopt.
  fs::resize_file(pack, original.size() / 2);
  {
    ObjectStore reader = store();
    std::size_t read = 0;
    for (const auto& [id, type] : objects) {
      if (const auto object = reader.read(id, 1 << 20)) {
        EXPECT_EQ(object->data, contents[id]) << id;
        ++read;
      }
    }
    EXPECT_LT(read, objects.size());
  }
  // Bytes overwritten all through: no crash, no hang, and anything read
  // (what is read cannot be compared: a damaged header may point a delta
  // at another base of the same size, which git would not notice either).
  for (std::size_t step = 0; step < 16; ++step) {
    std::string damaged = original;
    for (std::size_t at = 12 + step; at < damaged.size(); at += 97) damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    fs::remove(pack);
    dir_.write(fs::relative(pack, dir_.path()).string(), damaged);
    ObjectStore reader = store();
    for (const auto& [id, type] : objects) (void)reader.read(id, 1 << 20);
  }
}

// A hand-written pack reads as its writer meant it. A chain of deltas that
// copy 64 MiB each stops at the bound on what one object may cost (256 MiB
// produced): all 4,000 would copy 250 GiB, from a pack of 200 KB.
TEST_F(ObjectStoreTest, AChainOfDeltasCostsAtMostItsBound) {
  PackWriter writer;
  std::uint64_t previous = writer.add(3, "0123456789abcdef");
  std::size_t size = 16;
  for (; size < (std::size_t{64} << 20); size *= 2) previous = writer.add(6, PackWriter::copying_delta(size, 2), previous);
  const std::size_t doublings = 22;  // 16 bytes to 64 MiB
  ASSERT_EQ(size, std::size_t{16} << doublings);
  constexpr int kCopies = 4000;
  for (int i = 0; i < kCopies; ++i) previous = writer.add(6, PackWriter::copying_delta(size, 1), previous);
  writer.write(dir_);
  ObjectStore reader = store();
  std::string expected = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) expected += expected;
  EXPECT_EQ(reader.blob(PackWriter::id_of(4), 1 << 20), expected);  // the blob and four doublings
  const auto top = reader.read(PackWriter::id_of(doublings), size);   // 128 MiB produced in all
  ASSERT_TRUE(top);
  EXPECT_EQ(top->data.size(), size);
  EXPECT_EQ(top->data.substr(0, 16), "0123456789abcdef");
  EXPECT_FALSE(reader.read(PackWriter::id_of(doublings + kCopies), size));
  EXPECT_FALSE(reader.read(PackWriter::id_of(doublings + 3), size));  // 320 MiB: over the bound
}

}  // namespace
}  // namespace fanout::files
