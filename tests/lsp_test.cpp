// The language server's building blocks: positions in UTF-16 over any line
// ending, file URIs, the Content-Length framing on a real pipe, and the
// incremental reparse, which must give the same tree and the same findings
// as a full parse after any sequence of edits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <random>
#include <thread>

#include <fmt/format.h>

#include "fanout/analyzer.hpp"
#include "lsp/line_index.hpp"
#include "lsp/text_changes.hpp"
#include "lsp/transport.hpp"
#include "lsp/uri.hpp"
#include "run_support.hpp"
#include "syntax/document_tree.hpp"
#include "syntax/parser.hpp"

namespace fanout::lsp {
namespace {

using nlohmann::json;

// --- positions -------------------------------------------------------------------

TEST(LineIndex, CountsUtf16UnitsAndEveryLineEnding) {
  // "é" is one unit in two bytes, "😀" two units in four bytes.
  const std::string text = "a\r\nbé😀c\rd\ne";
  const LineIndex lines(text);
  EXPECT_EQ(lines.offset({0, 1}), 1U);
  EXPECT_EQ(lines.offset({1, 0}), 3U);
  EXPECT_EQ(lines.offset({1, 2}), 6U);    // after "bé"
  EXPECT_EQ(lines.offset({1, 4}), 10U);   // after the emoji
  EXPECT_EQ(lines.offset({1, 5}), 11U);   // "c"'s end, before the lone \r
  EXPECT_EQ(lines.offset({1, 99}), 11U);  // past the line's end: its end
  EXPECT_EQ(lines.offset({2, 0}), 12U);   // "d": a lone \r ends a line
  EXPECT_EQ(lines.offset({3, 1}), 15U);
  EXPECT_EQ(lines.offset({9, 0}), text.size());
  for (std::uint32_t offset : {0U, 1U, 3U, 6U, 10U, 11U, 12U, 14U, 15U}) {
    const LspPosition p = lines.position(offset);
    EXPECT_EQ(lines.offset(p), offset) << offset;
  }
  EXPECT_EQ(lines.position(10).character, 4U);
}

TEST(LineIndex, AByteOrderMarkIsACharacterAsEditorsCountIt) {
  const std::string text = "\xEF\xBB\xBF" "ab";
  const LineIndex lines(text);
  EXPECT_EQ(lines.position(3).character, 1U);
  EXPECT_EQ(lines.offset({0, 2}), 4U);
}

// --- URIs ----------------------------------------------------------------------------

TEST(Uri, FileUrisArePercentDecodedAndOthersAreNotPaths) {
  EXPECT_EQ(uri_to_path("file:///home/me/my%20app/a.ts"), "/home/me/my app/a.ts");
  EXPECT_EQ(uri_to_path("file://localhost/tmp/a.js"), "/tmp/a.js");
  EXPECT_EQ(uri_to_path("FILE:///tmp/%C3%A9.js"), "/tmp/\xC3\xA9.js");
  EXPECT_EQ(uri_to_path("untitled:Untitled-1"), "");
  EXPECT_EQ(uri_to_path("file://server/share/a.js"), "");
  EXPECT_EQ(uri_to_path("file:///tmp/a.js%00.txt"), "");  // a NUL would cut the path short
  EXPECT_EQ(uri_to_path("file:///bad%zz%"), "/bad%zz%");
  EXPECT_EQ(path_to_uri("/tmp/my app/#1.js"), "file:///tmp/my%20app/%231.js");
  EXPECT_EQ(uri_to_path(path_to_uri("/tmp/é ü/[x].js")), "/tmp/é ü/[x].js");
}

// --- framing -------------------------------------------------------------------------

std::vector<std::string> read_all(const std::string& bytes) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = write(fds[1], bytes.data() + written, std::min<std::size_t>(bytes.size() - written, 7));
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    close(fds[1]);
  });
  MessageReader reader(fds[0]);
  std::vector<std::string> bodies;
  while (auto body = reader.next()) bodies.push_back(*body);
  writer.join();
  close(fds[0]);
  return bodies;
}

TEST(Transport, ReadsFramedMessagesAndSkipsBadFraming) {
  const std::string stream =
      "Content-Length: 2\r\n\r\n{}"
      "content-length:3\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n[1]"  // lower case, LF only
      "garbage without a colon\r\n"
      "Content-Length: twelve\r\n\r\n"                                                 // not a number: skipped
      "\r\nContent-Length: 4\r\n\r\n\"\xC3\xA9\"";                                     // bytes, not characters
  EXPECT_EQ(read_all(stream), (std::vector<std::string>{"{}", "[1]", "\"\xC3\xA9\""}));
  EXPECT_EQ(read_all(""), std::vector<std::string>{});
  EXPECT_EQ(read_all("Content-Length: 10\r\n\r\n{\"a\""), std::vector<std::string>{});  // cut short
  EXPECT_EQ(read_all(std::string(100000, 'x') + "\nContent-Length: 1\r\n\r\n1"), std::vector<std::string>{"1"});
}

TEST(Transport, TooLargeAMessageIsSkippedWithoutBeingKept) {
  const std::string stream = fmt::format("Content-Length: {}\r\n\r\n", kMaxMessageBytes + 1);
  // The body is never sent: the reader skips what it can and ends with the input.
  EXPECT_EQ(read_all(stream + "xyz"), std::vector<std::string>{});
}

// --- incremental reparse ------------------------------------------------------------

std::string sexp(const TSTree* tree) {
  char* raw = ts_node_string(ts_tree_root_node(tree));
  std::string out(raw);
  free(raw);
  return out;
}

// A change as an editor sends it: the range of [start, end) in `text`, and the new text.
json change_of(const std::string& text, std::uint32_t start, std::uint32_t end, const std::string& inserted) {
  const LineIndex lines(text);
  return {{"range", lines.json_range(start, end)}, {"text", inserted}};
}

// Moves `at` back to the start of a character (an editor edits whole characters).
std::uint32_t character_start(const std::string& text, std::uint32_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  if (at > 0 && at < text.size() && text[at - 1] == '\r' && text[at] == '\n') --at;
  return at;
}

void random_edits_match_full_parses(const std::string& example, const std::string& name, unsigned seed) {
  const std::string start = testing::read_file(std::filesystem::path(FANOUT_SOURCE_DIR) / example);
  ASSERT_FALSE(start.empty()) << example;
  const std::vector<std::string> pieces = {
      "x", "\n", "await Promise.all(rows.map((r) => db.save(r)));\n", "é", "😀", "{", "}", "(", "'", "`${",
      "items.forEach(async (i) => { await save(i); });\r\n", "// fanout-disable-next-line unbounded-promise-all\n"};
  std::mt19937 random(seed);
  std::string text = start;
  DocumentTree tree;
  Analyzer incremental{AnalysisOptions{}};
  Analyzer full{AnalysisOptions{}};
  Parser parser;
  const Language language = language_for_path(name);
  int reparsed = 0;
  for (int step = 0; step < 150; ++step) {
    const auto size = static_cast<std::uint32_t>(text.size());
    const std::uint32_t from = character_start(text, size == 0 ? 0 : random() % (size + 1));
    const std::uint32_t to = character_start(text, std::min<std::uint32_t>(size, from + random() % 12));
    const std::string inserted = random() % 3 == 0 ? std::string() : pieces[random() % pieces.size()];
    apply_change(change_of(text, from, std::max(from, to), inserted), text, tree);

    const FileResult fresh = full.analyze(name, text, language);
    const FileResult edited = incremental.analyze(name, text, language, &tree);
    ASSERT_EQ(edited.diagnostics.size(), fresh.diagnostics.size()) << "step " << step << "\n" << text;
    for (std::size_t i = 0; i < fresh.diagnostics.size(); ++i) {
      EXPECT_EQ(edited.diagnostics[i].rule_id, fresh.diagnostics[i].rule_id) << step;
      EXPECT_EQ(edited.diagnostics[i].span.start, fresh.diagnostics[i].span.start) << step;
      EXPECT_EQ(edited.diagnostics[i].message, fresh.diagnostics[i].message) << step;
    }
    if (edited.parsed) {
      ++reparsed;
      const Tree whole = parser.parse(text, language);
      ASSERT_EQ(sexp(tree.old_tree(language)), sexp(whole.raw())) << "step " << step << "\n" << text;
    }
  }
  EXPECT_GT(reparsed, 50);
}

TEST(IncrementalParse, RandomEditsGiveTheTreeAndFindingsOfAFullParse) {
  random_edits_match_full_parses("examples/orders-service/src/routes/orders.js", "orders.js", 1);
  random_edits_match_full_parses("examples/orders-service/src/services/billing.ts", "billing.ts", 2);
  random_edits_match_full_parses("examples/orders-service/src/jobs/reindex.mjs", "reindex.mjs", 3);
}

TEST(IncrementalParse, AWholeTextChangeForgetsTheTree) {
  std::string text = "await Promise.all(xs.map((x) => f(x)));\n";
  DocumentTree tree;
  Analyzer analyzer{AnalysisOptions{}};
  analyzer.analyze("a.js", text, Language::javascript, &tree);
  ASSERT_FALSE(tree.empty());
  apply_change({{"text", "const a = 1;\n"}}, text, tree);
  EXPECT_EQ(text, "const a = 1;\n");
  EXPECT_TRUE(tree.empty());
  // A malformed change throws before anything changes.
  EXPECT_THROW(apply_change({{"range", {{"start", 1}}}, {"text", "x"}}, text, tree), json::exception);
  EXPECT_EQ(text, "const a = 1;\n");
}

TEST(IncrementalParse, ACancelledParseGivesNoTreeAndTheNextOneWorks) {
  std::string text = "await Promise.all(rows.map((r) => db.save(r)));\n";
  for (int i = 0; i < 20000; ++i) text += fmt::format("export const value{} = {{ id: {}, name: 'v{}' }};\n", i, i, i);
  std::atomic<bool> cancelled{true};
  DocumentTree tree;
  tree.cancelled = &cancelled;
  Analyzer analyzer{AnalysisOptions{}};
  const FileResult stopped = analyzer.analyze("a.js", text, Language::javascript, &tree);
  EXPECT_FALSE(stopped.parsed);
  EXPECT_TRUE(tree.empty());
  cancelled = false;
  const FileResult done = analyzer.analyze("a.js", text, Language::javascript, &tree);
  EXPECT_TRUE(done.parsed);
  EXPECT_EQ(done.diagnostics.size(), 1U);
}

}  // namespace
}  // namespace fanout::lsp
