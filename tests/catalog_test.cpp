// The catalog (fanout/sinks.hpp): its rows are well formed, and the module
// and method questions the engine asks are answered from them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fanout/sinks.hpp"

namespace fanout {
namespace {

TEST(Catalog, ArrayMethodsAreSortedAndUnique) {
  const auto rows = array_method_rows();
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_LT(rows[i - 1].name, rows[i].name) << "array_method() searches by halves: keep the rows sorted";
  }
  EXPECT_TRUE(array_method_has("map", ArrayTrait::maps_elements));
  EXPECT_TRUE(array_method_has("filter", ArrayTrait::keeps_elements));
  EXPECT_TRUE(array_method_has("each", ArrayTrait::per_element_callback));
  EXPECT_FALSE(array_method_has("map", ArrayTrait::keeps_elements));
  EXPECT_FALSE(array_method_has("insert", ArrayTrait::pure));
  EXPECT_EQ(array_method("nope"), nullptr);
}

TEST(Catalog, ModulesByNameSubmoduleAndNodePrefix) {
  EXPECT_EQ(classify_module("bluebird").library, Library::bluebird);
  EXPECT_EQ(classify_module("node:async").library, Library::async_lib);
  EXPECT_EQ(classify_module("p-all").library, Library::p_all);
  const ModuleMatch each = classify_module("async/each");
  EXPECT_EQ(each.library, Library::async_lib);
  EXPECT_EQ(each.member, "each");
  EXPECT_EQ(classify_module("lodash.map").member, "map");
  EXPECT_EQ(classify_module("lodash-es/chunk").member, "chunk");
  EXPECT_EQ(classify_module("lodash/fp").member, "");  // the module itself, not lodash's `fp`
  EXPECT_EQ(classify_module("neo-async/each").library, Library::none);
  EXPECT_EQ(classify_module("p-map-series").library, Library::none);
  EXPECT_EQ(classify_module("async-mutex").library, Library::semaphore);
}

TEST(Catalog, SinkRowsAnswerTheMatcher) {
  const SinkRow* p_all = find_sink(Library::p_all, "");
  ASSERT_NE(p_all, nullptr);
  EXPECT_EQ(p_all->kind, SinkKind::tasks);
  EXPECT_EQ(p_all->limit_option, "concurrency");
  EXPECT_EQ(p_all->options_arg, 1);
  EXPECT_TRUE(p_all->callable_alone);
  const SinkRow* instance = find_sink(Library::bluebird, "map", true);
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(instance->collection_arg, kReceiver);
  EXPECT_TRUE(instance->zero_is_unlimited);
  EXPECT_TRUE(find_sink(Library::bluebird, "mapSeries")->serial);
  EXPECT_EQ(find_sink(Library::async_lib, "mapLimit"), nullptr);
  EXPECT_TRUE(names_sink_member("parallel"));
  EXPECT_FALSE(names_sink_member("allSettled"));  // a combinator, not a library map
}

TEST(Catalog, PrefilterNeedlesComeFromTheRows) {
  const auto combinators = combinator_methods();
  EXPECT_EQ(std::set<std::string_view>(combinators.begin(), combinators.end()),
            (std::set<std::string_view>{"all", "allSettled", "any", "race"}));
  EXPECT_TRUE(is_combinator_method("allSettled"));
  EXPECT_FALSE(is_combinator_method("map"));
  const auto needles = combinator_needles();
  EXPECT_EQ(std::set<std::string_view>(needles.begin(), needles.end()),
            (std::set<std::string_view>{"Promise", "bluebird"}));
  // `async` finds `neo-async` and `async-es` too: one needle for the three.
  const auto modules = sink_module_needles();
  EXPECT_EQ(std::set<std::string_view>(modules.begin(), modules.end()),
            (std::set<std::string_view>{"bluebird", "p-map", "p-all", "async"}));
}

}  // namespace
}  // namespace fanout
