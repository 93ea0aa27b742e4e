// The catalog's rows (fanout/sinks.hpp): libraries, their sinks, array
// methods, lodash functions, limiters and pure built-ins. Everything the
// engine knows about a library by name is here, nowhere else.
#include <algorithm>
#include <array>

#include "fanout/sinks.hpp"

namespace fanout {
namespace {

constexpr std::array kModules = {
    ModuleRow{"bluebird", Library::bluebird},
    ModuleRow{"p-map", Library::p_map},
    ModuleRow{"p-all", Library::p_all},
    ModuleRow{"async", Library::async_lib, "/"},
    ModuleRow{"neo-async", Library::async_lib},
    ModuleRow{"async-es", Library::async_lib, "/"},
    ModuleRow{"lodash", Library::lodash, "/."},
    ModuleRow{"lodash-es", Library::lodash, "/"},
    ModuleRow{"lodash/fp", Library::lodash},
    ModuleRow{"p-limit", Library::p_limit},
    ModuleRow{"p-queue", Library::p_queue},
    ModuleRow{"bottleneck", Library::bottleneck},
    ModuleRow{"async-mutex", Library::semaphore},
    ModuleRow{"async-sema", Library::semaphore},
    ModuleRow{"await-semaphore", Library::semaphore},
};

// semantics.md, Sinks. Bluebird's map and filter on its promises take the
// callback first; `0` is no limit for bluebird only.
constexpr SinkRow combinator(Library library, std::string_view member) {
  return {.library = library, .member = member, .kind = SinkKind::combinator};
}
constexpr SinkRow bluebird(std::string_view member, bool on_promise, bool serial = false) {
  return {.library = Library::bluebird, .member = member, .kind = SinkKind::map,
          .collection_arg = on_promise ? kReceiver : 0,
          .callback_arg = on_promise ? 0 : 1,
          .options_arg = on_promise ? 1 : 2,
          .limit_option = "concurrency", .zero_is_unlimited = true, .serial = serial, .on_promise = on_promise};
}
// The async package: one task per element at once, with no option to limit
// it (its `*Limit` and `*Series` forms are other functions, and bounded).
constexpr SinkRow async_map(std::string_view member) {
  return {.library = Library::async_lib, .member = member, .kind = SinkKind::map, .callback_arg = 1,
          .callable_alone = true};
}
constexpr SinkRow async_tasks(std::string_view member) {
  return {.library = Library::async_lib, .member = member, .kind = SinkKind::tasks, .callable_alone = true};
}
constexpr SinkRow p_map(std::string_view member) {
  return {.library = Library::p_map, .member = member, .kind = SinkKind::map, .callback_arg = 1, .options_arg = 2,
          .limit_option = "concurrency", .callable_alone = true};
}

constexpr std::array kSinks = {
    combinator(Library::promise, "all"),
    combinator(Library::promise, "allSettled"),
    combinator(Library::promise, "any"),
    combinator(Library::promise, "race"),
    combinator(Library::bluebird, "all"),
    combinator(Library::bluebird, "allSettled"),
    combinator(Library::bluebird, "any"),
    combinator(Library::bluebird, "race"),
    bluebird("map", false),
    bluebird("filter", false),
    bluebird("map", true),
    bluebird("filter", true),
    bluebird("mapSeries", false, true),
    bluebird("mapSeries", true, true),
    bluebird("each", false, true),
    bluebird("each", true, true),
    p_map(""),
    p_map("pMap"),
    // pAll(tasks, { concurrency }): every task function at once by default.
    SinkRow{.library = Library::p_all, .member = "", .kind = SinkKind::tasks, .options_arg = 1,
            .limit_option = "concurrency", .callable_alone = true},
    async_map("map"),
    async_map("mapValues"),
    async_map("each"),
    async_map("eachOf"),
    async_map("forEach"),
    async_map("forEachOf"),
    async_map("filter"),
    async_map("reject"),
    async_map("concat"),
    async_map("detect"),
    async_map("some"),
    async_map("every"),
    async_map("groupBy"),
    async_map("sortBy"),
    async_map("all"),
    async_map("any"),
    async_map("find"),
    async_map("select"),
    async_map("flatMap"),
    async_map("transform"),
    async_tasks("parallel"),
    async_tasks("race"),
};

// Sorted by name: looked up by binary search on every call the semantic layer reads.
constexpr std::array kArrayMethods = {
    ArrayMethodRow{"at", pure},
    ArrayMethodRow{"bind", pure},
    ArrayMethodRow{"catch", pure | checks_callback},
    ArrayMethodRow{"charAt", pure},
    ArrayMethodRow{"charCodeAt", pure},
    ArrayMethodRow{"codePointAt", pure},
    ArrayMethodRow{"concat", keeps_elements | pure},
    ArrayMethodRow{"each", per_element_callback},
    ArrayMethodRow{"eachOf", per_element_callback},
    ArrayMethodRow{"eachSeries", per_element_callback},
    ArrayMethodRow{"endsWith", pure},
    ArrayMethodRow{"entries", keeps_size | pure | no_argument_shape | reads_map_or_set},
    ArrayMethodRow{"every", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"fill", keeps_size | pure},
    ArrayMethodRow{"filter", per_element_callback | keeps_elements | keeps_size | pure | callback_shape | checks_callback},
    ArrayMethodRow{"finally", pure | checks_callback},
    ArrayMethodRow{"find", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"findIndex", pure | callback_shape | checks_callback},
    ArrayMethodRow{"findLast", pure | callback_shape},
    ArrayMethodRow{"findLastIndex", pure | callback_shape},
    ArrayMethodRow{"flat", keeps_elements | pure},
    ArrayMethodRow{"flatMap", per_element_callback | maps_elements | pure | callback_shape | checks_callback},
    ArrayMethodRow{"forEach", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"forEachOf", per_element_callback},
    ArrayMethodRow{"forEachRight", per_element_callback},
    ArrayMethodRow{"forIn", per_element_callback},
    ArrayMethodRow{"forOwn", per_element_callback},
    ArrayMethodRow{"get", reads_map_or_set},
    ArrayMethodRow{"getFullYear", pure},
    ArrayMethodRow{"getTime", pure},
    ArrayMethodRow{"has", pure | reads_map_or_set},
    ArrayMethodRow{"includes", pure},
    ArrayMethodRow{"indexOf", pure},
    ArrayMethodRow{"isArray", pure},
    ArrayMethodRow{"join", pure},
    ArrayMethodRow{"keys", keeps_size | pure | no_argument_shape | reads_map_or_set},
    ArrayMethodRow{"lastIndexOf", pure},
    ArrayMethodRow{"localeCompare", pure},
    ArrayMethodRow{"map", per_element_callback | maps_elements | keeps_size | pure | callback_shape | checks_callback},
    ArrayMethodRow{"mapValues", per_element_callback},
    ArrayMethodRow{"match", pure},
    ArrayMethodRow{"matchAll", pure},
    ArrayMethodRow{"normalize", pure},
    ArrayMethodRow{"padEnd", pure},
    ArrayMethodRow{"padStart", pure},
    ArrayMethodRow{"pop", pure},
    ArrayMethodRow{"push", pure},
    ArrayMethodRow{"reduce", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"reduceRight", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"repeat", pure},
    ArrayMethodRow{"replace", pure},
    ArrayMethodRow{"replaceAll", pure},
    ArrayMethodRow{"reverse", keeps_elements | keeps_size | pure},
    ArrayMethodRow{"shift", pure},
    ArrayMethodRow{"slice", keeps_elements | pure},
    ArrayMethodRow{"some", per_element_callback | pure | callback_shape | checks_callback},
    ArrayMethodRow{"sort", keeps_elements | keeps_size | pure | callback_shape | checks_callback},
    ArrayMethodRow{"splice", keeps_elements},
    ArrayMethodRow{"split", pure},
    ArrayMethodRow{"startsWith", pure},
    ArrayMethodRow{"substr", pure},
    ArrayMethodRow{"substring", pure},
    ArrayMethodRow{"test", pure},
    ArrayMethodRow{"then", pure | checks_callback},
    ArrayMethodRow{"times", per_element_callback},
    // Conversions without arguments read the value they are given (semantics.md, Reading is transparent only one way).
    ArrayMethodRow{"toArray", keeps_elements | pure | no_argument_shape},
    ArrayMethodRow{"toFixed", pure},
    ArrayMethodRow{"toISOString", pure},
    ArrayMethodRow{"toJSON", pure},
    ArrayMethodRow{"toLocaleDateString", pure},
    ArrayMethodRow{"toLocaleLowerCase", pure},
    ArrayMethodRow{"toLocaleString", pure},
    ArrayMethodRow{"toLocaleUpperCase", pure},
    ArrayMethodRow{"toLowerCase", pure},
    ArrayMethodRow{"toPrecision", pure},
    ArrayMethodRow{"toReversed", keeps_elements | keeps_size | pure},
    ArrayMethodRow{"toSorted", keeps_elements | keeps_size | pure | callback_shape},
    ArrayMethodRow{"toString", pure},
    ArrayMethodRow{"toUpperCase", pure},
    ArrayMethodRow{"transform", per_element_callback},
    ArrayMethodRow{"trim", pure},
    ArrayMethodRow{"trimEnd", pure},
    ArrayMethodRow{"trimStart", pure},
    ArrayMethodRow{"unshift", pure},
    ArrayMethodRow{"valueOf", pure},
    ArrayMethodRow{"values", keeps_elements | keeps_size | pure | no_argument_shape | reads_map_or_set},
    ArrayMethodRow{"with", pure},
};

constexpr std::array kLodash = {
    LodashRow{"chunk", LodashUse::chunks},
    LodashRow{"compact", LodashUse::keeps_elements},
    LodashRow{"filter", LodashUse::keeps_elements},
    LodashRow{"flatMap", LodashUse::maps},
    LodashRow{"flatten", LodashUse::keeps_elements},
    LodashRow{"flattenDeep", LodashUse::keeps_elements},
    LodashRow{"flattenDepth", LodashUse::keeps_elements},
    LodashRow{"map", LodashUse::maps},
    LodashRow{"reduce", LodashUse::reduces},
    LodashRow{"reduceRight", LodashUse::reduces},
    LodashRow{"transform", LodashUse::reduces},
    LodashRow{"uniq", LodashUse::keeps_elements},
};

constexpr std::array<std::string_view, 1> kQueueConstructors = {"PQueue"};
constexpr std::array<std::string_view, 2> kQueueMethods = {"add", "addAll"};
constexpr std::array<std::string_view, 1> kQueueHints = {"queue"};
constexpr std::array<std::string_view, 1> kBottleneckConstructors = {"Bottleneck"};
constexpr std::array<std::string_view, 3> kBottleneckMethods = {"schedule", "wrap", "submit"};
constexpr std::array<std::string_view, 2> kBottleneckHints = {"limit", "bottleneck"};
constexpr std::array<std::string_view, 3> kSemaphoreConstructors = {"Semaphore", "Mutex", "Sema"};
constexpr std::array<std::string_view, 4> kSemaphoreMethods = {"acquire", "runExclusive", "waitForUnlock", "use"};
constexpr std::array<std::string_view, 4> kSemaphoreHints = {"sem", "mutex", "lock", "limit"};

const std::array kLimiters = {
    LimiterRow{Library::p_queue, kQueueConstructors, kQueueMethods, kQueueHints},
    LimiterRow{Library::bottleneck, kBottleneckConstructors, kBottleneckMethods, kBottleneckHints},
    LimiterRow{Library::semaphore, kSemaphoreConstructors, kSemaphoreMethods, kSemaphoreHints},
};

constexpr std::array<std::string_view, 5> kLimiterFactories = {"pLimit", "pThrottle", "throat", "limitFunction",
                                                               "plimit"};
constexpr std::array<std::string_view, 4> kLimiterNames = {"limit", "limiter", "throttle", "pLimit"};
constexpr std::array<std::string_view, 4> kChunkFunctions = {"chunk", "chunks", "batch", "batches"};

constexpr std::array<std::string_view, 18> kPureFunctions = {
    "String", "Number", "Boolean", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent",
    "decodeURIComponent", "encodeURI", "decodeURI", "BigInt", "Symbol", "Array", "Object", "structuredClone",
    "escape", "unescape"};

constexpr std::array<std::string_view, 14> kPureNamespaces = {
    "Math", "JSON", "Object", "Array", "Number", "String", "Date", "Symbol", "Reflect", "BigInt", "Intl",
    "console", "Buffer", "Promise"};

constexpr std::array<std::string_view, 16> kPureConstructors = {
    "Date", "Map", "Set", "WeakMap", "WeakSet", "URL", "URLSearchParams", "RegExp", "Error", "TypeError",
    "RangeError", "Array", "Object", "TextEncoder", "TextDecoder", "AbortController"};

constexpr std::array<std::string_view, 8> kBluebirdOnlyMethods = {
    "return", "thenReturn", "tap", "spread", "asCallback", "delay", "timeout", "reflect"};
constexpr std::array<std::string_view, 4> kBluebirdFunctionMakers = {"promisify", "method", "coroutine",
                                                                     "fromCallback"};
constexpr std::array<std::string_view, 26> kPromiseChainMethods = {
    "then", "catch", "finally", "lastly", "return", "thenReturn", "catchReturn", "catchThrow", "error", "tap",
    "tapCatch", "spread", "delay", "timeout", "map", "filter", "mapSeries", "each", "reduce", "all", "props",
    "reflect", "bind", "get", "call", "some"};
constexpr std::array<std::string_view, 6> kResolvesToArgument = {"resolve", "all", "allSettled", "return",
                                                                 "thenReturn", "props"};
constexpr std::array<std::string_view, 8> kChainLookalikeModules = {
    "rxjs", "rx", "most", "highland", "kefir", "baconjs", "xstream", "immutable"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

std::span<const ModuleRow> module_rows() { return kModules; }
std::span<const SinkRow> sink_rows() { return kSinks; }
std::span<const ArrayMethodRow> array_method_rows() { return kArrayMethods; }
std::span<const LodashRow> lodash_rows() { return kLodash; }
std::span<const LimiterRow> limiter_rows() { return kLimiters; }

ModuleMatch classify_module(std::string_view spec) {
  if (spec.starts_with("node:")) spec.remove_prefix(5);
  for (const ModuleRow& row : kModules) {
    if (spec == row.spec) return {row.library, {}};
  }
  // `lodash/map`, `lodash.map`, `async/each`: a module that is one function.
  for (const ModuleRow& row : kModules) {
    if (spec.size() > row.spec.size() + 1 && spec.starts_with(row.spec) &&
        row.submodules.find(spec[row.spec.size()]) != std::string_view::npos) {
      return {row.library, spec.substr(row.spec.size() + 1)};
    }
  }
  return {};
}

const ArrayMethodRow* array_method(std::string_view name) {
  const auto it = std::lower_bound(kArrayMethods.begin(), kArrayMethods.end(), name,
                                   [](const ArrayMethodRow& row, std::string_view n) { return row.name < n; });
  return it != kArrayMethods.end() && it->name == name ? &*it : nullptr;
}

bool array_method_has(std::string_view name, ArrayTrait trait) {
  const ArrayMethodRow* row = array_method(name);
  return row != nullptr && row->has(trait);
}

const LodashRow* lodash_function(std::string_view member) {
  for (const LodashRow& row : kLodash) {
    if (row.member == member) return &row;
  }
  return nullptr;
}

const SinkRow* find_sink(Library library, std::string_view member, bool on_promise) {
  for (const SinkRow& row : kSinks) {
    if (row.library == library && row.member == member && row.on_promise == on_promise) return &row;
  }
  return nullptr;
}

bool names_sink_member(std::string_view member) {
  for (const SinkRow& row : kSinks) {
    if (row.kind != SinkKind::combinator && row.member == member) return true;
  }
  return false;
}

std::vector<std::string_view> sink_members() {
  std::vector<std::string_view> out;
  for (const SinkRow& row : kSinks) {
    if (row.kind != SinkKind::combinator && !row.member.empty() &&
        std::find(out.begin(), out.end(), row.member) == out.end()) {
      out.push_back(row.member);
    }
  }
  return out;
}

std::string_view library_name(Library library) {
  for (const ModuleRow& row : kModules) {
    if (row.library == library) return row.spec;
  }
  return library == Library::promise ? "Promise" : "";
}

bool library_has_combinators(Library library) {
  return std::any_of(kSinks.begin(), kSinks.end(),
                     [&](const SinkRow& row) { return row.library == library && row.kind == SinkKind::combinator; });
}

bool library_has_sinks(Library library) {
  return std::any_of(kSinks.begin(), kSinks.end(),
                     [&](const SinkRow& row) { return row.library == library && row.kind != SinkKind::combinator; });
}

bool is_combinator_method(std::string_view name) {
  for (const SinkRow& row : kSinks) {
    if (row.kind == SinkKind::combinator && row.member == name) return true;
  }
  return false;
}

std::vector<std::string_view> combinator_methods() {
  std::vector<std::string_view> out;
  for (const SinkRow& row : kSinks) {
    if (row.kind == SinkKind::combinator && std::find(out.begin(), out.end(), row.member) == out.end()) {
      out.push_back(row.member);
    }
  }
  return out;
}

std::vector<std::string_view> combinator_needles() {
  std::vector<std::string_view> out;
  for (const SinkRow& row : kSinks) {
    const std::string_view name = library_name(row.library);
    if (row.kind == SinkKind::combinator && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

std::vector<std::string_view> sink_module_needles() {
  std::vector<std::string_view> specs;
  for (const ModuleRow& module : kModules) {
    if (library_has_sinks(module.library)) specs.push_back(module.spec);
  }
  // A file holding `async-es` holds `async`: one needle finds both.
  std::vector<std::string_view> out;
  for (std::string_view spec : specs) {
    const bool covered = std::any_of(specs.begin(), specs.end(), [&](std::string_view other) {
      return other != spec && spec.find(other) != std::string_view::npos;
    });
    if (!covered) out.push_back(spec);
  }
  return out;
}

bool is_bluebird_only_method(std::string_view name) { return listed(kBluebirdOnlyMethods, name); }
bool is_bluebird_function_maker(std::string_view name) { return listed(kBluebirdFunctionMakers, name); }
bool is_promise_chain_method(std::string_view name) { return listed(kPromiseChainMethods, name); }
bool resolves_to_argument(std::string_view name) { return listed(kResolvesToArgument, name); }
std::span<const std::string_view> chain_lookalike_modules() { return kChainLookalikeModules; }

bool is_chunk_function(std::string_view name) { return listed(kChunkFunctions, name); }
bool is_pure_function(std::string_view name) { return listed(kPureFunctions, name); }
bool is_pure_namespace(std::string_view name) { return listed(kPureNamespaces, name); }
bool is_pure_constructor(std::string_view name) { return listed(kPureConstructors, name); }
bool is_limiter_factory(std::string_view name) { return listed(kLimiterFactories, name); }
bool is_limiter_name(std::string_view name) { return listed(kLimiterNames, name); }

}  // namespace fanout
