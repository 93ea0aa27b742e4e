// walk_around must visit exactly the nodes a full walk would visit that hold
// one of the offsets: the semantic layer's name searches rely on it to find
// every call, assignment and push of a name without walking the whole tree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "syntax/parser.hpp"

namespace fanout {
namespace {

std::vector<std::string> visited_calls(std::string_view source, std::string_view name, std::uint32_t max_depth) {
  Parser parser;
  Tree tree = parser.parse(source, Language::javascript);
  std::vector<std::string> out;
  walk_around(tree.root(), name_occurrences(source, name), [&](Node n) {
    if (n.is(Kind::call_expression)) out.emplace_back(source.substr(n.start(), n.end() - n.start()));
    return true;
  }, max_depth);
  return out;
}

TEST(NameOccurrences, KeepsOnlyWhatCanBeAWholeName) {
  const std::string_view text = "ab ab xab abab ab$ (ab)\xC2\xA0" "ab";
  // `xab`, `abab` and `ab$` are other names; (ab) and a name after a
  // non-ASCII space (U+00A0) are kept.
  EXPECT_EQ(name_occurrences(text, "ab"), (std::vector<std::uint32_t>{0, 3, 20, 25}));
  EXPECT_EQ(name_occurrences(text, "ab", 3, 22), (std::vector<std::uint32_t>{3, 20}));
  EXPECT_EQ(name_occurrences(text, "ab$"), (std::vector<std::uint32_t>{15}));
  EXPECT_TRUE(name_occurrences(text, "").empty());
  EXPECT_TRUE(name_occurrences(text, "zz").empty());
}

TEST(NameOccurrences, SeveralNamesInOnePassAreTheMergedSingleSearches) {
  const std::string_view text = "ab ab xab abab ab$ (ab)\xC2\xA0" "ab $ _.c $(x) await;";
  const std::vector<std::string_view> names{"ab", "ab$", "$", "_", "await", "zz"};
  std::vector<std::uint32_t> merged;
  for (std::string_view name : names) {
    const auto one = name_occurrences(text, name);
    merged.insert(merged.end(), one.begin(), one.end());
  }
  std::sort(merged.begin(), merged.end());
  EXPECT_EQ(names_occurrences(text, names), merged);
  EXPECT_EQ(merged.size(), 9u);  // four `ab`, one `ab$`, two `$`, one `_`, one `await`
  EXPECT_TRUE(names_occurrences(text, std::vector<std::string_view>{}).empty());
}

TEST(WalkAround, VisitsOnlyTheAncestorsOfOccurrences) {
  const std::string_view source = "f(1);\ng(2);\nh(f(3));\nfunction k() { return g(f(4)); }\n";
  EXPECT_EQ(visited_calls(source, "f", 1000), (std::vector<std::string>{"f(1)", "h(f(3))", "f(3)", "g(f(4))", "f(4)"}));
  EXPECT_EQ(visited_calls(source, "g", 1000), (std::vector<std::string>{"g(2)", "g(f(4))"}));
  EXPECT_TRUE(visited_calls(source, "nothing", 1000).empty());
}

TEST(WalkAround, MatchesAFullWalkFilteredByOffsets) {
  const std::string source = "const a = [1, 2].map((x) => x + b(x));\nlet c = { b: b(a), d: [b] };\nb(c);\n";
  Parser parser;
  Tree tree = parser.parse(source, Language::javascript);
  const auto offsets = name_occurrences(source, "b");
  std::vector<std::uint32_t> full;
  walk(tree.root(), [&](Node n) {
    if (holds_offset(n, offsets)) full.push_back(n.start() * 1000 + n.end());
    return true;
  });
  std::vector<std::uint32_t> around;
  walk_around(tree.root(), offsets, [&](Node n) {
    around.push_back(n.start() * 1000 + n.end());
    return true;
  });
  EXPECT_EQ(around, full);
}

TEST(WalkAround, StopsBelowTheDepthLimit) {
  // f(f(f(f(0)))): each call is two levels below the previous (call, arguments).
  const std::string_view source = "f(f(f(f(0))));";
  // program > expression_statement > call (depth 2), the next call at depth 4, ...
  EXPECT_EQ(visited_calls(source, "f", 2).size(), 1u);
  EXPECT_EQ(visited_calls(source, "f", 4).size(), 2u);
  EXPECT_EQ(visited_calls(source, "f", 100).size(), 4u);
}

TEST(WalkAround, SkippingChildrenKeepsGoingWithSiblings) {
  const std::string_view source = "f(f(1)); f(2);";
  Parser parser;
  Tree tree = parser.parse(source, Language::javascript);
  std::vector<std::uint32_t> calls;
  walk_around(tree.root(), name_occurrences(source, "f"), [&](Node n) {
    if (!n.is(Kind::call_expression)) return true;
    calls.push_back(n.start());
    return false;  // do not enter: the inner f(1) is not visited
  });
  EXPECT_EQ(calls, (std::vector<std::uint32_t>{0, 9}));
}

}  // namespace
}  // namespace fanout
