// Every name behind our Kind and Field enums must resolve in every grammar:
// a misspelt name resolves to 0 and silently switches a check off.
#include <gtest/gtest.h>

#include "syntax/grammar.hpp"

namespace fanout {
namespace {

class GrammarTest : public ::testing::TestWithParam<Language> {};

TEST_P(GrammarTest, EveryKindResolves) {
  // Some symbol of the grammar has each kind: Node::kind() and the rules'
  // dispatch see it.
  const Grammar& g = Grammar::get(GetParam());
  for (int k = 1; k < static_cast<int>(Kind::count_); ++k) {
    const auto kind = static_cast<Kind>(k);
    if (Grammar::kind_is_optional(kind, GetParam())) continue;
    bool found = false;
    for (TSSymbol s = 0; s < g.symbol_count() && !found; ++s) found = g.kind_of(s) == kind;
    EXPECT_TRUE(found) << Grammar::kind_name(kind);
  }
}

TEST_P(GrammarTest, EveryFieldResolves) {
  const Grammar& g = Grammar::get(GetParam());
  for (int f = 0; f < static_cast<int>(Field::count_); ++f) {
    const auto field = static_cast<Field>(f);
    if (Grammar::field_is_optional(field, GetParam())) continue;
    EXPECT_NE(g.field_id(field), 0) << Grammar::field_name(field);
  }
}

INSTANTIATE_TEST_SUITE_P(AllLanguages, GrammarTest,
                         ::testing::Values(Language::javascript, Language::typescript, Language::tsx),
                         [](const auto& info) { return std::string(language_name(info.param)); });

TEST(LanguageForPath, PicksGrammarByExtension) {
  EXPECT_EQ(language_for_path("a/b.ts"), Language::typescript);
  EXPECT_EQ(language_for_path("a/b.mts"), Language::typescript);
  EXPECT_EQ(language_for_path("a/b.cts"), Language::typescript);
  EXPECT_EQ(language_for_path("b.tsx"), Language::tsx);
  EXPECT_EQ(language_for_path("b.jsx"), Language::javascript);
  EXPECT_EQ(language_for_path("b.cjs"), Language::javascript);
  EXPECT_EQ(language_for_path("dir.ts/file"), Language::javascript);
  EXPECT_EQ(language_for_path("script"), Language::javascript);
}

}  // namespace
}  // namespace fanout
