// What fanout knows about libraries and arrays, as tables (style.md: domain
// knowledge lives in tables). The rows are in src/semantic/catalog.cpp; the
// semantic layer's matcher, the pre-filter, the rules' needles and anchors and
// the rewriter all read them, so a new library is one row and its fixtures.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace fanout {

/// Libraries fanout knows, by family (`neo-async` and `async-es` are `async_lib`).
enum class Library : std::uint8_t {
  none,
  promise,  ///< the global `Promise` (never a module): its combinators are sinks
  bluebird, p_map, p_all, async_lib, lodash, p_limit, p_queue, bottleneck, semaphore,
};

/// A module specifier and the library it loads.
struct ModuleRow {
  std::string_view spec;             ///< as written after an optional `node:`
  Library library = Library::none;
  /// Separators of its one-function submodules: "/" reads `async/each` as
  /// `async`'s `each`, "." reads `lodash.map` as lodash's `map`.
  std::string_view submodules = "";
};

/// What a sink does with its collection (semantics.md: Sinks).
enum class SinkKind : std::uint8_t {
  combinator,  ///< waits on promises already started: `Promise.all(X)`
  map,         ///< starts a callback per element: `pMap(X, fn)`, `async.map(X, fn)`
  tasks,       ///< starts every task function it is given: `async.parallel(T)`, `pAll(T)`
};

/// Argument positions of a sink row: none, or the receiver (`p.map(fn)` on a bluebird promise).
inline constexpr std::int32_t kNoArgument = -1;
inline constexpr std::int32_t kReceiver = -2;

/// One function that fans out over a collection. A team's `helpers.map`
/// entry (fanout/options.hpp) is read into a row of the same shape, and both
/// go through one matcher (`Semantic::library_sink`).
struct SinkRow {
  Library library = Library::none;  ///< none for a team helper
  std::string_view member;          ///< "" for the module itself (its default export)
  SinkKind kind = SinkKind::map;
  std::int32_t collection_arg = 0;   ///< or kReceiver
  std::int32_t callback_arg = kNoArgument;
  std::int32_t options_arg = kNoArgument;
  /// The option that limits concurrency; "" when nothing can (async.map: always unlimited).
  std::string_view limit_option = "";
  bool unlimited_by_default = true;  ///< no option given means no limit
  bool zero_is_unlimited = false;    ///< `{ concurrency: 0 }` is no limit (bluebird)
  bool serial = false;               ///< one element at a time: never a finding
  bool on_promise = false;           ///< a method of the library's promises: `B.resolve(xs).map(fn)`
  /// Imported and called by itself (`import pMap from 'p-map'`, `require('async/map')`),
  /// not only as a method of the library (`Bluebird.map`).
  bool callable_alone = false;
  std::string_view callee = "";      ///< a team helper, as written at call sites: `PromiseUtils.map`
};

/// What an array method (or a lodash/async iteration function of the same
/// name) does, as flags of ArrayMethodRow::traits.
enum ArrayTrait : std::uint16_t {
  per_element_callback = 1 << 0,  ///< calls its callback once per element: a push there is in a loop
  maps_elements = 1 << 1,         ///< `E.map(cb)`: one callback result per element, a source of started work
  keeps_elements = 1 << 2,        ///< the result holds some of the receiver's elements (and the work they started)
  keeps_size = 1 << 3,            ///< the result has at most the receiver's length
  pure = 1 << 4,                  ///< computes values and starts nothing itself
  callback_shape = 1 << 5,        ///< a pure array method only when given a function (data APIs share the name)
  no_argument_shape = 1 << 6,     ///< a pure array method only without arguments (`keys()`, not `redis.keys(p)`)
  checks_callback = 1 << 7,       ///< its function arguments must only read values too for the call to be pure
  reads_map_or_set = 1 << 8,      ///< reads a `Map`/`Set`: pure on one built in the file
};

/// An array, string or promise method by name.
struct ArrayMethodRow {
  std::string_view name;
  std::uint16_t traits = 0;
  bool has(ArrayTrait trait) const { return (traits & trait) != 0; }
};

/// What a lodash function (`_.map`, `import map from 'lodash/map'`) does to its first argument.
/// `reduces`: calls its reducer once per element, with an accumulator pushes may fill.
enum class LodashUse : std::uint8_t { maps, keeps_elements, chunks, reduces };
struct LodashRow {
  std::string_view member;
  LodashUse use;
};

/// Limiters that bound the work handed to them (semantics.md: limited work):
/// `new PQueue().add(fn)`, recognised by library, constructor, or by the
/// receiver's name when it comes from elsewhere (`this.queue.add(fn)`).
struct LimiterRow {
  Library library;
  std::span<const std::string_view> constructors;
  std::span<const std::string_view> methods;
  std::span<const std::string_view> receiver_hints;  ///< lower case, found in the receiver's text
};

std::span<const ModuleRow> module_rows();
std::span<const SinkRow> sink_rows();
std::span<const ArrayMethodRow> array_method_rows();
std::span<const LodashRow> lodash_rows();
std::span<const LimiterRow> limiter_rows();

/// The module a specifier loads (`node:` and one-function submodules
/// included): its library, and the member a submodule names (`each` for `async/each`).
struct ModuleMatch {
  Library library = Library::none;
  std::string_view member;
};
ModuleMatch classify_module(std::string_view spec);

/// The row of an array method by name, or null.
const ArrayMethodRow* array_method(std::string_view name);
/// Does the array method `name` have `trait`? (false for unknown names)
bool array_method_has(std::string_view name, ArrayTrait trait);
/// The row of a lodash function, or null.
const LodashRow* lodash_function(std::string_view member);

/// The row for `library`'s `member` (static or `on_promise`), or null.
const SinkRow* find_sink(Library library, std::string_view member, bool on_promise = false);
/// Does any sink (combinators aside) have a member of this name? The matcher's cheap first test.
bool names_sink_member(std::string_view member);
/// Every member name of a library sink row (`map`, `mapLimit`, `each`...), once.
std::vector<std::string_view> sink_members();
/// The module a library is known by in messages: `bluebird`, `async`.
std::string_view library_name(Library library);

/// Does the library have combinators (`B.all`), or sinks of other kinds (`B.map`)?
bool library_has_combinators(Library library);
bool library_has_sinks(Library library);

/// Is `name` one of the combinators (`Promise.NAME(...)`)?
bool is_combinator_method(std::string_view name);
/// The combinators' method names, once each: the walk anchors of the rules about them.
std::vector<std::string_view> combinator_methods();
/// What a file must contain to call a combinator: `Promise`, or the module of
/// a library whose objects have them (`bluebird`): the pre-filter needles.
std::vector<std::string_view> combinator_needles();
/// The module specifiers that define a non-combinator sink, none of them
/// containing another: the pre-filter needles of the library-map rule.
std::vector<std::string_view> sink_module_needles();

/// What fanout knows about bluebird's promises (semantics.md, Clarifications:
/// Bluebird promises). Methods only its promises have (`.tap`, `.return`):
/// a chain using one runs on bluebird.
bool is_bluebird_only_method(std::string_view name);
/// Static methods that make a function returning bluebird promises: `B.promisify(f)`.
bool is_bluebird_function_maker(std::string_view name);
/// Promise methods whose result is a promise of the same library (`.then`, `.tap`, `.map`).
bool is_promise_chain_method(std::string_view name);
/// Methods whose first argument is the value the promise resolves to:
/// `B.resolve(xs)`, `B.all(ps)`, `p.return(xs)`.
bool resolves_to_argument(std::string_view name);
/// Modules whose objects have `.map` after `.catch`, `.delay` or `.tap`
/// too (observables, streams): in a file loading one, such a chain is not
/// taken for bluebird's.
std::span<const std::string_view> chain_lookalike_modules();

/// Functions that chunk a collection into windows: `chunk(E, K)` (semantics.md: chunked work).
bool is_chunk_function(std::string_view name);
/// Global functions, namespaces and constructors that only compute values.
bool is_pure_function(std::string_view name);
bool is_pure_namespace(std::string_view name);
bool is_pure_constructor(std::string_view name);
/// Names of functions that make a limiter (`pLimit(4)`), and the names a
/// limiter handed in from elsewhere is known by (`limit(() => work())`).
bool is_limiter_factory(std::string_view name);
bool is_limiter_name(std::string_view name);

}  // namespace fanout
