// The questions rules ask about one file (style.md: data flow belongs to
// src/semantic/). Answers carry provenance: the steps that led to them, each
// with a span, from which messages and related locations are built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"
#include "fanout/sinks.hpp"
#include "fanout/syntax.hpp"

namespace fanout {

class SourceFile;

/// Whether a collection's size depends on runtime data.
enum class Extent : std::uint8_t { bounded, unknown, unbounded };

/// What a provenance step records (semantics.md: Unbounded sources). Steps
/// are data; only src/diag/ turns them into words.
enum class StepKind : std::uint8_t {
  // Where unbounded work (or an unbounded size) comes from; each is a related location.
  mapped_over,         ///< `how` (`.map`) over `subject`, starting `work` per element
  filled_in_loop,      ///< `subject` is pushed to inside a `loop` (`how`: the callback's method)
  filled_per_element,  ///< pushed to once per element of `subject` by a `.how` (reduce) callback
  filled_counted,      ///< `subject` is pushed to `count` times in counted loops
  fed_by_call,         ///< parameter `subject` is fed by the call at `site`
  // How a source reached the collection, with no location of its own.
  returned_by,         ///< helper `subject` returns it
  // Why a collection's origin cannot be seen (an unknown extent).
  undeclared,          ///< `subject` is not declared in this file
  imported,            ///< `subject` is imported
  parameter,           ///< `subject` is a destructured parameter
  unfed_parameter,     ///< `subject` is a parameter that no call in this file feeds
  destructured,        ///< `subject` is destructured
  not_local,           ///< `subject` is bound to something that is not a collection here
  outside_function,    ///< `subject` is a property or element from elsewhere
  returned_by_call,    ///< a call of `subject` returns it
};

/// The loop a `filled_in_loop` step names.
enum class LoopKind : std::uint8_t { for_, for_of, for_in, while_, do_while, other, callback };

/// One link of a provenance chain: "`rows` comes from `.map` over `users`".
struct Step {
  Span span;
  StepKind kind = StepKind::mapped_over;
  std::string subject;          ///< the name or code the step is about, as shown
  std::string how;              ///< mapped_over: the mapping call (`.map`, `_.map`, `Array.from`); a callback's method
  std::string work;             ///< mapped_over: what each element starts, as written
  LoopKind loop = LoopKind::other;
  std::optional<double> count;  ///< mapped_over: elements of a constant-sized but too large source; filled_counted: pushes
  std::uint32_t limit = 0;      ///< the `max-literal-elements` that `count` exceeds
  Span site;                    ///< fed_by_call: the call that feeds the parameter
  std::vector<std::string> through;  ///< names the source was bound to on its way, outermost first
  bool keyed = false;           ///< filled_*: by a keyed assignment (`ps[i] = ...`), not a `push`
};

/// What a callback does per element.
struct CallbackFacts {
  bool is_function = false;   ///< an inline function or a reference we could read
  bool is_async = false;
  bool starts_work = false;   ///< a call, a `new` or an `await` (semantics.md rule 1)
  bool limited = false;       ///< hands its work to a limiter (p-limit, PQueue, ...)
  bool returns_task = false;  ///< returns a function (a task factory for async.parallel)
  bool uses_third_param = false;
  std::uint32_t param_count = 0;
  std::string work;           ///< what it starts, as written: `db.insert`, `new Worker`; "" for only `await`s
  std::optional<Span> work_span;
};

/// The answer to a collection question (Facet): how far it extends, and why.
struct Verdict {
  Extent extent = Extent::bounded;
  /// Facet::size: at most this many elements, when a constant bounds them
  /// (a count above `max-literal-elements` is unbounded).
  std::optional<double> count;
  bool window = false;        ///< a slice/chunk window: bounded whatever its size
  std::vector<Step> steps;    ///< provenance, source first
  std::string work;           ///< what each element starts, when known
  std::string over;           ///< what is iterated: `users`, or the array filled in a loop
  Node map_call;              ///< the `.map`/`Array.from` call that starts the work, if direct
  Node callback;              ///< that call's callback
};

/// The question a collection is asked. One evaluator answers both, form by
/// form (literals, bindings, calls, pushes), with the same method tables.
enum class Facet : std::uint8_t {
  work,  ///< is it an unbounded set of started work? (what a combinator waits on)
  size,  ///< how many elements can it have? (what a library map walks)
};

/// What a name is bound to at module level.
struct LibraryBinding {
  Library library = Library::none;
  std::string member;         ///< a named import or required property: `map`, `each`, `chunk`
};

class Semantic {
 public:
  Semantic(const SourceFile& file, Node root, const AnalysisOptions& options);
  ~Semantic();
  Semantic(const Semantic&) = delete;
  Semantic& operator=(const Semantic&) = delete;

  std::string_view text(Node node) const;

  /// `Promise` that is the global one (no local binding).
  bool is_global_promise(Node identifier) const;
  /// For `Promise.all|allSettled|any|race(...)` on the global Promise or a
  /// bluebird binding: the callee as written (`Promise.all`, `B.allSettled`).
  std::optional<std::string> combinator(Node call) const;
  /// A combinator call with its parts, and the verdict on its collection.
  struct CombinatorCall {
    std::string sink;    ///< `Promise.all`
    Node object;         ///< `Promise`: where findings point
    std::string_view method;  ///< `all`
    Node collection;     ///< the first argument (never a spread)
    Verdict verdict;
  };
  std::optional<CombinatorCall> combinator_call(Node call) const;
  /// The library an identifier (or `require('x')` call) is bound to.
  LibraryBinding library_of(Node expression) const;
  /// The local names that may be bound to a library of the catalog (more
  /// than library_of() binds, never fewer), or nullopt when any name may be.
  std::optional<std::vector<std::string>> library_names() const;

  /// A call of a library sink (fanout/sinks.hpp) or of a team's `helpers.map`
  /// helper: one matcher for both. Combinators are combinator()'s.
  struct SinkCall {
    const SinkRow* row = nullptr;  ///< never null in a result
    std::string name;    ///< as written at the call: `pMap`, `async.map`, `B.map`, `.map` on a promise
    Node collection;     ///< null for a method of a library's promise
    Node callback;
    Node options;
  };
  std::optional<SinkCall> library_sink(Node call) const;

  /// The collection evaluator: is `collection` an unbounded set of started
  /// work (Facet::work), or how many elements can it have (Facet::size)?
  /// `task_factories` counts callbacks that return functions as work
  /// (async.parallel and p-all start every task they are given).
  Verdict evaluate(Node collection, Facet facet, bool task_factories = false) const;
  /// Does this callback start work per element?
  CallbackFacts callback(Node callback) const;
  /// A constant upper bound of a numeric expression (semantics.md: Constants).
  std::optional<double> upper_bound(Node expression) const;
  /// The value an options argument gives to `key`, looked through a const binding.
  /// Returns the options object's pair value; `present` tells an opaque options object.
  struct OptionLookup {
    bool options_given = false;
    bool options_opaque = false;
    Node value;
  };
  OptionLookup option(Node options_argument, std::string_view key) const;
  /// A function a callback reference names, if declared in this file.
  Node function_of(Node reference) const;
  /// Is this function declared async (or an identifier bound to one)?
  bool is_async_function(Node function_or_reference) const;

  const AnalysisOptions& options() const;
  const SourceFile& file() const;

 private:
  struct Impl;  // src/semantic/internal.hpp
  std::unique_ptr<Impl> impl_;
};

}  // namespace fanout
