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
#include "fanout/syntax.hpp"

namespace fanout {

class SourceFile;

/// Whether a collection's size depends on runtime data.
enum class Extent : std::uint8_t { bounded, unknown, unbounded };

/// One link of a provenance chain, e.g. "`rows` comes from `.map` over `users`".
struct Step {
  Span span;
  std::string label;
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
  std::string work;           ///< what it starts, as written: `db.insert`, `new Worker`
  std::optional<Span> work_span;
};

/// The answer to "is this collection of started work unbounded?".
struct Verdict {
  Extent extent = Extent::bounded;
  std::vector<Step> steps;    ///< provenance, source first
  std::string work;           ///< what each element starts, when known
  std::string origin;         ///< short phrase: "`.map` over `users`"
  std::string over;           ///< what is iterated: `users`, or the array filled in a loop
  Node map_call;              ///< the `.map`/`Array.from` call that starts the work, if direct
  Node callback;              ///< that call's callback
};

/// Modules fanout knows by name.
enum class Library : std::uint8_t {
  none, bluebird, p_map, async_lib, lodash, p_limit, p_queue, bottleneck, semaphore,
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
    Node collection;     ///< the first argument (never a spread)
    Verdict verdict;
  };
  std::optional<CombinatorCall> combinator_call(Node call) const;
  /// The library an identifier (or `require('x')` call) is bound to.
  LibraryBinding library_of(Node expression) const;

  /// Is `collection`, reaching a promise combinator, an unbounded set of
  /// started work? `task_factories` counts callbacks that return functions as
  /// work (async.parallel starts every task it is given).
  Verdict fanout(Node collection, bool task_factories = false) const;
  /// Is the collection that a library map walks bounded in size?
  bool size_bounded(Node collection) const;
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

 /// The implementation, shared by the files of src/semantic/ only.
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fanout
