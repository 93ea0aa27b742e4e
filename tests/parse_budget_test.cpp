// Every parse runs on a CPU-time budget linear in the text's size, so that
// tree-sitter's error recovery, quadratic on some broken inputs, cannot make
// one file cost more than linear time (tests/regress/ keeps the fuzzer's
// input that found it).
#include <gtest/gtest.h>

#include <string>

#include "syntax/parser.hpp"

namespace fanout {
namespace {

std::string statements(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "const v" + std::to_string(i) + " = f(" + std::to_string(i) + ");\n";
  return text;
}

TEST(ParseBudget, AParseOverItsBudgetGivesNoTreeAndTheParserRecovers) {
  const std::string text = statements(20000);
  Parser parser;
  parser.set_budget(ParseBudget{.floor_ns = 0, .per_byte_ns = 0});
  EXPECT_FALSE(parser.parse(text, Language::javascript));
  EXPECT_FALSE(parser.parse(text, Language::typescript));
  // The next parse starts afresh (a parse given up on would otherwise resume).
  parser.set_budget(ParseBudget{});
  const Tree tree = parser.parse(text, Language::javascript);
  ASSERT_TRUE(tree);
  EXPECT_FALSE(tree.root().has_error());
  EXPECT_EQ(tree.root().named_count(), 20000u);
}

TEST(ParseBudget, TheParsesOfOneReadingShareOneBudget) {
  const std::string text = statements(20000);
  Parser parser;
  {
    // A reading of nothing, for no parse: every parse inside it gives up
    // at once, whatever its own budget.
    const Parser::SharedBudget shared(parser, 0, 0);
    EXPECT_FALSE(parser.parse(text, Language::javascript));
  }
  EXPECT_TRUE(parser.parse(text, Language::javascript));  // the shared deadline ends with its scope
}

TEST(ParseBudget, IsLinearInTheSize) {
  const ParseBudget budget;
  EXPECT_EQ(budget.for_size(2'000'000) - budget.for_size(1'000'000),
            budget.for_size(1'000'000) - budget.for_size(0));
  EXPECT_GT(budget.for_size(0), 0);
}

}  // namespace
}  // namespace fanout
