// Hostile inputs against the built binary: whatever the bytes, paths or file
// kinds, fanout ends in bounded time and memory with exit 0, 1 or 2 and says
// what it skipped. Every input is generated here; nothing large is committed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "run_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::RunOptions;
using testing::RunOutcome;
using testing::TempDir;
using testing::run_fanout;

constexpr const char* kFanout = "async function f(xs) { return Promise.all(xs.map((x) => g(x))); }\n";

// No signal, no watchdog, and a documented exit status.
void expect_sane(const RunOutcome& run, const std::string& what) {
  EXPECT_FALSE(run.timed_out) << what << ": hung (killed after " << run.seconds << " s)";
  EXPECT_EQ(run.signal, 0) << what << ": killed by signal " << run.signal << "\n" << run.err;
  EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1 || run.exit_code == 2)
      << what << ": exit " << run.exit_code << "\n" << run.err;
}

RunOutcome check(const fs::path& cwd, std::vector<std::string> args, std::chrono::milliseconds timeout = 20s) {
  args.insert(args.begin(), "check");
  return run_fanout(args, RunOptions{.cwd = cwd, .timeout = timeout});
}

// The JSON reporters must stay valid JSON (and so valid UTF-8) whatever the source held.
void expect_valid_json(const RunOutcome& run, const std::string& what) {
  EXPECT_TRUE(nlohmann::json::accept(run.out)) << what << ": output is not valid JSON:\n" << run.out.substr(0, 2000);
}

TEST(Hostile, RandomBytes) {
  TempDir dir;
  std::mt19937 rng(20240601);
  for (int i = 0; i < 12; ++i) {
    std::string bytes(4096 + i * 3000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
    if (i % 2 == 0) {
      // Without NUL bytes the file is parsed rather than skipped as binary,
      // and a sink name gets it past the pre-filter.
      for (char& c : bytes) c = c == '\0' ? ' ' : c;
      bytes.insert(bytes.size() / 2, "Promise.all(xs.map(async (x) => g(x)))");
    }
    dir.write("r" + std::to_string(i) + (i % 3 == 0 ? ".ts" : i % 3 == 1 ? ".tsx" : ".js"), bytes);
  }
  for (const char* format : {"text", "json", "sarif"}) {
    const RunOutcome run = check(dir.path(), {"--format", format, "."});
    expect_sane(run, std::string("random bytes, ") + format);
    EXPECT_NE(run.exit_code, 2) << run.err;  // unparsable files are notes, not I/O errors
    if (std::string_view(format) != "text") expect_valid_json(run, format);
  }
}

TEST(Hostile, NulInTheMiddleOfValidCode) {
  TempDir dir;
  std::string code = kFanout;
  code.insert(20, 1, '\0');
  dir.write("nul.js", code);
  const RunOutcome run = check(dir.path(), {"nul.js"});
  expect_sane(run, "NUL byte");
  // A text file with a stray NUL is still a text file (files.hpp, is_binary):
  // the byte reads as a blank, and the fan-out around it is reported.
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_EQ(run.out.find("binary"), std::string::npos) << run.out;
}

TEST(Hostile, InvalidAndOverlongUtf8) {
  TempDir dir;
  // Overlong '/', an overlong NUL, a truncated sequence, bytes never valid in
  // UTF-8, and invalid bytes inside the names the message quotes.
  dir.write("bad.js", "const s = \"\xC0\xAF \xC0\x80 \xE2\x82 \xFF\xFE\";\n"
                      "async function f(xs\xFF) { return Promise.all(xs\xFF.map((x) => g\xC0\xAF(x))); }\n" +
                          std::string(kFanout));
  for (const char* format : {"json", "sarif", "text", "github", "stylish", "compact"}) {
    const RunOutcome run = check(dir.path(), {"--format", format, "bad.js"});
    expect_sane(run, std::string("invalid UTF-8, ") + format);
    EXPECT_EQ(run.exit_code, 1) << format << "\n" << run.out << run.err;
    if (std::string_view(format) == "json" || std::string_view(format) == "sarif") expect_valid_json(run, format);
  }
}

TEST(Hostile, LoneSurrogates) {
  TempDir dir;
  // A `\uD800` escape is just text to the parser; raw CESU-8 bytes (ED A0 80)
  // are a surrogate encoded the way UTF-8 forbids.
  dir.write("esc.js", "const s = \"\\uD800\";\nconst t = `\\uDFFF${s}`;\n" + std::string(kFanout));
  dir.write("cesu.js", "const s = \"\xED\xA0\x80\xED\xBF\xBF\";\nconst \xED\xA0\x80x = [];\n"
                       "async function f(xs) { return Promise.all(xs.map((x) => \xED\xA0\x80g(x))); }\n");
  for (const char* format : {"json", "sarif", "text"}) {
    const RunOutcome run = check(dir.path(), {"--format", format, "esc.js", "cesu.js"});
    expect_sane(run, std::string("surrogates, ") + format);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    if (std::string_view(format) != "text") expect_valid_json(run, format);
  }
}

TEST(Hostile, BomAndCrlf) {
  TempDir dir;
  dir.write("bom.js", "\xEF\xBB\xBF// header\r\nasync function f(xs) {\r\n  return Promise.all(xs.map((x) => g(x)));\r\n}\r\n");
  const RunOutcome run = check(dir.path(), {"--format", "compact", "bom.js"});
  expect_sane(run, "BOM + CRLF");
  EXPECT_EQ(run.exit_code, 1);
  // Line 3, column 10: the BOM and the CRs are not columns.
  EXPECT_NE(run.out.find("bom.js:3:10:"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find('\r'), std::string::npos) << "a CR leaked into the output";
}

TEST(Hostile, FiftyMegabyteMinifiedBundle) {
  TempDir dir;
  std::string bundle;
  bundle.reserve(50'000'100);
  while (bundle.size() < 50'000'000) bundle += "a=[1,2,3];";
  bundle += "Promise.all(xs.map(f));\n";
  dir.write("bundle.min.js", bundle);
  bundle.clear();
  bundle.shrink_to_fit();
  const RunOutcome run = check(dir.path(), {"bundle.min.js"}, 30s);
  expect_sane(run, "50 MB bundle");
  EXPECT_LT(run.peak_rss_kb, 1536L * 1024) << "peak RSS " << run.peak_rss_kb / 1024 << " MB";
  // Skipped with a note that says why, which does not fail the run.
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("larger than"), std::string::npos) << run.out;
}

TEST(Hostile, DeepNesting) {
  TempDir dir;
  const int n = 100'000;
  std::string arrays = std::string(kFanout) + "const a = ";
  for (int i = 0; i < n; ++i) arrays += '[';
  arrays += '1';
  for (int i = 0; i < n; ++i) arrays += ']';
  dir.write("arrays.js", arrays + ";\n");
  std::string calls = std::string(kFanout) + "const b = ";
  for (int i = 0; i < n; ++i) calls += "f(";
  calls += '1';
  for (int i = 0; i < n; ++i) calls += ')';
  dir.write("calls.js", calls + ";\n");
  // Sinks inside sinks: every level asks where `Promise` comes from.
  std::string sinks = "const c = ";
  for (int i = 0; i < n; ++i) sinks += "Promise.all(";
  sinks += "xs.map(f)";
  for (int i = 0; i < n; ++i) sinks += ')';
  dir.write("sinks.js", sinks + ";\n");
  for (const char* name : {"arrays.js", "calls.js", "sinks.js"}) {
    const RunOutcome run = check(dir.path(), {"--format", "compact", name});
    expect_sane(run, name);
    EXPECT_LT(run.seconds, 15) << name;
    EXPECT_LT(run.peak_rss_kb, 1024L * 1024) << name;
    // The shallow fan-out beside the nesting is still found.
    if (std::string_view(name) != "sinks.js") EXPECT_NE(run.out.find(":1:31: error"), std::string::npos) << run.out;
  }
  // Sinks below the depth limit are left unchecked, and the run says so.
  const RunOutcome run = check(dir.path(), {"--format", "compact", "sinks.js"});
  EXPECT_NE(run.out.find("nested deeper than"), std::string::npos) << run.out;
}

TEST(Hostile, TenThousandLineTemplateString) {
  TempDir dir;
  std::string code = std::string(kFanout) + "const t = `";
  for (int i = 0; i < 10'000; ++i) code += "line " + std::to_string(i) + " ${x} and ${y.z(w)} \\` ${'}'}\n";
  code += "`;\nasync function h(ys) { return Promise.all(ys.map((y) => g(y))); }\n";
  dir.write("template.js", code);
  const RunOutcome run = check(dir.path(), {"--format", "compact", "template.js"});
  expect_sane(run, "template string");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("template.js:10003:"), std::string::npos) << run.out.substr(0, 2000);
}

TEST(Hostile, FifoNamedDirectlyAndInsideAFolder) {
  TempDir dir;
  fs::create_directories(dir.path() / "src");
  ASSERT_EQ(::mkfifo((dir.path() / "pipe.js").c_str(), 0644), 0);
  ASSERT_EQ(::mkfifo((dir.path() / "src" / "pipe.ts").c_str(), 0644), 0);
  dir.write("src/a.js", kFanout);

  RunOutcome run = check(dir.path(), {"pipe.js"}, 10s);
  expect_sane(run, "FIFO named directly");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("named pipe"), std::string::npos) << run.err;

  run = check(dir.path(), {"src"}, 10s);
  expect_sane(run, "FIFO in a folder");
  EXPECT_EQ(run.exit_code, 1) << run.err;  // the real file is still checked
}

TEST(Hostile, DevZeroNamedDirectly) {
  TempDir dir;
  const RunOutcome run = check(dir.path(), {"/dev/zero"}, 10s);
  expect_sane(run, "/dev/zero");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("character device"), std::string::npos) << run.err;
  EXPECT_LT(run.peak_rss_kb, 256L * 1024);
}

TEST(Hostile, SymlinkLoops) {
  TempDir dir;
  dir.write("tree/a/x.js", kFanout);
  fs::create_directory_symlink("..", dir.path() / "tree" / "a" / "up");
  fs::create_directory_symlink("../a", dir.path() / "tree" / "a" / "again");
  fs::create_symlink("self.js", dir.path() / "tree" / "self.js");  // ELOOP
  fs::create_symlink("loop2.js", dir.path() / "tree" / "loop1.js");
  fs::create_symlink("loop1.js", dir.path() / "tree" / "loop2.js");
  RunOutcome run = check(dir.path(), {"--format", "compact", "tree"}, 10s);
  expect_sane(run, "symlink loop");
  EXPECT_NE(run.out.find("x.js"), std::string::npos) << run.out << run.err;
  run = check(dir.path(), {"tree/self.js"}, 10s);
  expect_sane(run, "self link named directly");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("self.js"), std::string::npos) << run.err;
}

TEST(Hostile, FilesDeletedOrTruncatedDuringTheScan) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 400; ++i) big += "const v" + std::to_string(i) + " = [1, 2, 3].map((n) => n * 2);\n";
  std::vector<fs::path> files;
  for (int i = 0; i < 1500; ++i) files.push_back(dir.write("f/" + std::to_string(i) + ".js", big + kFanout));
  std::atomic<bool> stop{false};
  // Deletes and truncates behind the scan; which files it hits is up to timing.
  std::thread vandal([&] {
    std::mt19937 rng(7);
    for (std::size_t round = 0; !stop && round < files.size(); ++round) {
      const fs::path& victim = files[rng() % files.size()];
      std::error_code ec;
      if (round % 2 == 0) {
        fs::remove(victim, ec);
      } else {
        fs::resize_file(victim, rng() % 200, ec);
      }
      std::this_thread::sleep_for(200us);
    }
  });
  const RunOutcome run = check(dir.path(), {"--format", "compact", "f"}, 60s);
  stop = true;
  vandal.join();
  expect_sane(run, "files vanishing");
  // A file deleted after discovery is an I/O error (2); none deleted in time is 1.
  EXPECT_NE(run.exit_code, 0) << run.err;
  if (run.exit_code == 2) EXPECT_NE(run.err.find("No such file"), std::string::npos) << run.err.substr(0, 2000);
}

TEST(Hostile, UnreadableFile) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to drop to nobody";
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  dir.write("ok.js", kFanout);
  const fs::path secret = dir.write("secret.js", kFanout);
  fs::permissions(secret, fs::perms::none);
  const RunOutcome run =
      run_fanout({"check", "--format", "compact", "ok.js", "secret.js"},
                 RunOptions{.cwd = dir.path(), .timeout = 10s, .as_user = std::pair{65534u, 65534u}});
  expect_sane(run, "unreadable file");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("secret.js"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Permission denied"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("ok.js:1:"), std::string::npos) << "the readable file is still checked\n" << run.out;
}

TEST(Hostile, PathsWithSpacesNewlinesAndNonAscii) {
  TempDir dir;
  const std::vector<std::string> names = {"with space.js", "new\nline.js", "ünïcødé 名前.ts", "-dash.js", "tab\there.js"};
  for (const auto& name : names) dir.write("odd/" + name, kFanout);
  RunOutcome run = check(dir.path(), {"--format", "json", "odd"});
  expect_sane(run, "odd names in a folder");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_valid_json(run, "odd names");
  const auto report = nlohmann::json::parse(run.out, nullptr, false);
  std::size_t with_findings = 0;
  if (report.is_array()) {
    for (const auto& file : report) with_findings += !file["messages"].empty();
  }
  EXPECT_EQ(with_findings, names.size()) << run.out;
  // Named directly, including one that looks like an option after `--`.
  std::vector<std::string> args = {"--format", "sarif", "--"};
  for (const auto& name : names) args.push_back("odd/" + name);
  run = check(dir.path(), args);
  expect_sane(run, "odd names named directly");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_valid_json(run, "odd names sarif");
}

}  // namespace
}  // namespace fanout
