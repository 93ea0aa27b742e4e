// read_source(): never blocks, refuses what is not a regular file, and keeps
// the bytes of a text file exactly.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fanout/files.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "fanout-read-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string write(const std::string& name, const std::string& bytes) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string at(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

using Status = ReadResult::Status;

TEST(ReadSource, TextIsReturnedAsIs) {
  ScratchDir dir;
  std::string bytes = "\xEF\xBB\xBF" "const a = '\xC3\xA9';\r\nconst b = '\xFF\xFE\x80';\n";
  auto r = read_source(dir.write("a.js", bytes));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.text, bytes);  // BOM and invalid UTF-8 kept byte for byte
  EXPECT_TRUE(r.error.empty());
}

TEST(ReadSource, AReusedBufferHoldsOnlyTheNewFile) {
  ScratchDir dir;
  const std::string big(64 * 1024, 'b');
  auto first = read_source(dir.write("big.js", big), std::string("stale bytes from before"));
  ASSERT_EQ(first.status, Status::ok);
  EXPECT_EQ(first.text, big);
  const char* storage = first.text.data();
  auto second = read_source(dir.write("small.js", "let s;\n"), std::move(first.text));
  ASSERT_EQ(second.status, Status::ok);
  EXPECT_EQ(second.text, "let s;\n");          // nothing of the bigger file is left behind
  EXPECT_EQ(second.text.data(), storage);       // and its storage was reused
  auto empty = read_source(dir.write("empty.js", ""), std::move(second.text));
  ASSERT_EQ(empty.status, Status::ok);
  EXPECT_TRUE(empty.text.empty());
}

TEST(ReadSource, LargeFileIsReadWhole) {
  ScratchDir dir;
  std::string bytes(3 * 1024 * 1024 + 17, 'x');
  auto r = read_source(dir.write("big.js", bytes));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.text.size(), bytes.size());
}

TEST(ReadSource, EmptyFileIsOk) {
  ScratchDir dir;
  auto r = read_source(dir.write("empty.ts", ""));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_TRUE(r.text.empty());
}

TEST(ReadSource, NulByteMeansBinary) {
  ScratchDir dir;
  auto r = read_source(dir.write("bin.js", std::string("ab\0cd", 5)));
  EXPECT_EQ(r.status, Status::binary);
  EXPECT_EQ(r.error, "binary file (contains a NUL byte)");
}

TEST(ReadSource, MissingFileIsAnError) {
  ScratchDir dir;
  auto r = read_source(dir.at("nope.js"));
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error, "No such file or directory");
}

TEST(ReadSource, FolderIsAnError) {
  ScratchDir dir;
  auto r = read_source(dir.at(""));
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error, "Is a directory");
}

TEST(ReadSource, FifoIsRefusedWithoutBlocking) {
  ScratchDir dir;
  auto fifo = dir.at("pipe.js");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  auto r = read_source(fifo);  // no writer: a blocking open would hang here
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error, "not a regular file (named pipe)");
}

TEST(ReadSource, CharacterDeviceIsRefused) {
  for (const char* dev : {"/dev/zero", "/dev/null"}) {
    auto r = read_source(dev);
    EXPECT_EQ(r.status, Status::error) << dev;
    EXPECT_EQ(r.error, "not a regular file (character device)") << dev;
  }
}

TEST(ReadSource, LinkToFileIsRead) {
  ScratchDir dir;
  dir.write("real.js", "x;\n");
  fs::create_symlink("real.js", dir.at("link.js"));
  auto r = read_source(dir.at("link.js"));
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.text, "x;\n");
}

}  // namespace
}  // namespace fanout
