// --cache: results round-trip exactly, a damaged or foreign cache is ignored,
// and a changed file or configuration is analysed again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cache.hpp"
#include "cli/driver.hpp"

namespace fanout::cli {
namespace {

namespace fs = std::filesystem;

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fanout-cache-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path(name)) << text; }

  fs::path dir_;
};

Diagnostic sample() {
  return Diagnostic{.rule_id = "unbounded-promise-all",
                    .severity = Severity::error,
                    .span = {3, 10},
                    .message = "`Promise.all` starts one `f` per element of `xs` at once",
                    .related = {Related{.span = {1, 2}, .label = "here"}},
                    .help = "bound it",
                    .fix = Fix{.title = "t", .edits = {Edit{.start = 3, .end = 10, .replacement = "x"}},
                               .applicability = Applicability::safe}};
}

TEST_F(CacheTest, EntriesRoundTripExactly) {
  ResultCache cache = ResultCache::load(path("cache"));
  EXPECT_EQ(cache.find("a.js"), nullptr);
  cache.store("a.js", CacheEntry{.stamp = {.size = 5, .mtime_ns = 6, .inode = 7}, .content = 8, .options = 9,
                                 .parsed = true, .diagnostics = {sample()}});
  ASSERT_FALSE(cache.save());
  const ResultCache again = ResultCache::load(path("cache"));
  const CacheEntry* e = again.find("a.js");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->stamp, (FileStamp{.size = 5, .mtime_ns = 6, .inode = 7}));
  EXPECT_EQ(e->content, 8u);
  EXPECT_EQ(e->options, 9u);
  ASSERT_EQ(e->diagnostics.size(), 1u);
  const Diagnostic& d = e->diagnostics[0];
  EXPECT_EQ(d.message, sample().message);
  EXPECT_EQ(d.related[0].label, "here");
  ASSERT_TRUE(d.fix);
  EXPECT_EQ(d.fix->edits[0].replacement, "x");
  EXPECT_EQ(d.fix->applicability, Applicability::safe);
}

TEST_F(CacheTest, DamagedOrForeignFilesAreIgnored) {
  ResultCache cache = ResultCache::load(path("cache"));
  cache.store("a.js", CacheEntry{.diagnostics = {sample()}});
  ASSERT_FALSE(cache.save());
  std::string bytes;
  {
    std::ifstream in(path("cache"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (std::size_t at : {std::size_t{0}, bytes.size() / 2, bytes.size() - 1}) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
    std::ofstream(path("cache"), std::ios::binary) << damaged;
    EXPECT_EQ(ResultCache::load(path("cache")).find("a.js"), nullptr) << "byte " << at;
  }
  std::ofstream(path("cache"), std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  EXPECT_EQ(ResultCache::load(path("cache")).find("a.js"), nullptr);
  write("cache", "{\"not\": \"ours\"}");
  EXPECT_EQ(ResultCache::load(path("cache")).find("a.js"), nullptr);
}

TEST_F(CacheTest, ConfigurationIsPartOfTheKey) {
  AnalysisOptions a;
  AnalysisOptions b;
  b.strict = true;
  EXPECT_NE(options_hash(a), options_hash(b));
  b = a;
  b.map_helpers.push_back(MapHelper{.callee = "mapAll"});
  EXPECT_NE(options_hash(a), options_hash(b));
  EXPECT_EQ(options_hash(a), options_hash(AnalysisOptions{}));
}

TEST_F(CacheTest, CachedRunsMatchAndChangesAreSeen) {
  const std::string bad = "await Promise.all(users.map((u) => sendMail(u)));\n";
  write("a.js", bad);
  write("b.js", "const x = 1;\n");
  CheckRequest request{.paths = {dir_.string()}, .cache_location = path(".fanoutcache")};
  const auto count = [&] {
    std::size_t n = 0;
    for (const FileResult& f : run_check(request).files) n += f.diagnostics.size();
    return n;
  };
  EXPECT_EQ(count(), 1u);
  EXPECT_TRUE(fs::exists(path(".fanoutcache")));
  EXPECT_EQ(count(), 1u);  // from the cache
  // Same size and time, other content: the content hash decides.
  const auto time = fs::last_write_time(path("a.js"));
  write("a.js", std::string(bad.size() - 1, ' ') + "\n");
  fs::last_write_time(path("a.js"), time);
  EXPECT_EQ(count(), 0u);
  write("b.js", bad);
  EXPECT_EQ(count(), 1u);
  request.analysis.severities["unbounded-promise-all"] = Severity::off;
  EXPECT_EQ(count(), 0u);
}

}  // namespace
}  // namespace fanout::cli
