// Shared state of the semantic layer. Private to src/semantic/.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fanout/prefilter.hpp"
#include "fanout/semantic.hpp"
#include "fanout/source_file.hpp"

namespace fanout::sem {

enum class BindingKind : std::uint8_t { none, var, let, const_, param, function, class_, import, catch_param, loop_var };

/// Where a name was declared.
struct Binding {
  BindingKind kind = BindingKind::none;
  Node name;          ///< the identifier in the declaration
  Node declaration;   ///< variable_declarator, function, import statement, parameter, loop
  Node value;         ///< initializer, when there is one
  Node scope;         ///< the subtree the binding is visible in
  Node function;      ///< for parameters: the function
  std::uint32_t param_index = 0;
  bool destructured = false;
  std::string member; ///< for destructuring: the property read (`{ map } = require('lodash')`)
  explicit operator bool() const { return kind != BindingKind::none; }
};

/// What happens to a variable in its scope: reassignments and pushes.
struct VariableUses {
  std::vector<Node> assigned_values;  ///< right sides of `name = ...`
  std::vector<Node> pushes;           ///< `name.push(...)` / `name.unshift(...)` calls
  std::vector<Node> keyed;            ///< `name[key] = value` with a computed key: one entry per key
  std::vector<Node> resets;           ///< `name = []`, `name.length = 0`, `name.splice(0)`
};

inline std::uintptr_t key(Node n) { return reinterpret_cast<std::uintptr_t>(n.raw().id); }

// Forwarders to the `Node` helpers (fanout/syntax.hpp) under their former
// names, for src/fix/ until it calls the methods itself.
inline bool is_function_like(Kind k) { return is_function_kind(k); }
inline Node unwrap(Node n) { return n.unwrapped(); }
inline std::string_view member_name(Node call, const SourceFile& file) { return call.member_name(file.text()); }
inline std::vector<Node> arguments_of(Node call) { return call.arguments(); }
inline std::vector<Node> parameters_of(Node function) { return function.parameters(); }
inline std::optional<std::string> string_value(Node n, const SourceFile& file) { return n.string_value(file.text()); }

/// The name a function is known by in this file, if any (declaration or `const f = () => ...`).
Node function_name(Node function);

}  // namespace fanout::sem

namespace fanout::sem {

/// A collection question, as the evaluator passes it down.
struct Question {
  Facet facet = Facet::work;
  bool task_factories = false;
};

/// What the loops around a push say about how often it runs (evaluate_pushes.cpp).
struct PushLoops {
  double multiplier = 1;   ///< runs of the counted loops around it
  bool capped = false;     ///< a counted loop bounded by `Math.min`: a worker pool
  Node unbounded;          ///< the innermost loop (or per-element callback) with no constant count
  LoopKind loop = LoopKind::other;
  std::string method;      ///< for a callback: its method (`forEach`)
  bool in_function = false;  ///< pushed from a function that may run any number of times
};

/// The semantic layer's state and questions for one file: the implementation
/// behind fanout::Semantic, shared by the files of src/semantic/ only.
class Engine {
 public:
  Engine(const SourceFile& f, Node r, const AnalysisOptions& o);

  const SourceFile& file;
  Node root;
  const AnalysisOptions& options;
  /// The team's `helpers.map` entries as sink rows (views into `options`).
  std::vector<SinkRow> helper_rows;

  std::string_view text(Node n) const { return file.slice(n.start(), n.end()); }

  // scope.cpp
  Binding resolve(Node identifier) const;
  Binding resolve_name(std::string_view name, Node at) const;
  using ScopeTable = std::unordered_map<std::string_view, Binding>;
  const ScopeTable& scope_table(Node scope) const;
  const VariableUses& uses(const Binding& binding) const;
  /// Calls in this file that call `function` by its name.
  std::vector<Node> calls_to(Node function) const;

  // modules.cpp
  LibraryBinding library_of(Node expression) const;
  LibraryBinding module_binding(const Binding& binding) const;
  bool mentions_libraries() const;
  /// Every local name that may be bound to a library of the catalog (a
  /// superset of those module_binding() binds), or nullopt when alias chains
  /// were too long to follow (then any name may be).
  const std::optional<std::set<std::string, std::less<>>>& library_names() const;

  // sinks.cpp
  std::optional<std::string> combinator(Node call) const;
  std::optional<Semantic::SinkCall> library_sink(Node call) const;
  /// Is this a bluebird promise (semantics.md, Clarifications: Bluebird promises)?
  bool is_bluebird_promise(Node expression) const;
  bool promisified_function(Node callee) const;
  bool promisified_method(std::string_view method) const;
  bool annotated_bluebird(const Binding& b) const;
  bool structural_bluebird_allowed(Node chain_root) const;
  /// The value a bluebird promise resolves to, when the call that made it shows it.
  Node resolved_value(Node promise) const;
  bool loads(std::string_view module) const;
  /// Whether a module string may name bluebird (or a path in it); cached:
  /// every `.map` call asks, through is_bluebird_promise.
  bool may_load_bluebird() const;

  // callbacks.cpp
  CallbackFacts callback(Node callback, bool task_factories) const;
  CallbackFacts referenced_callback(Node reference, bool task_factories) const;
  bool third_parameter_used(Node third, Node body) const;
  bool returns_function(Node body) const;
  bool is_pure_call(Node call) const;
  bool is_pure_method_call(Node call, Node callee) const;
  /// Is the binding Node's `path` module, or a function imported from it?
  bool is_path_module(const Binding& b) const;
  /// Do a call's function arguments only read values (`tags.map((t) => t.name)`)?
  bool arguments_only_read(Node call) const;
  bool is_limiter_call(Node call) const;
  /// `queue.add`, `limiter.schedule`, `sem.acquire`: a limiter's method (not called).
  bool is_limiter_method(Node member) const;
  /// The identifier a member chain starts from: `db` in `db.users.find(id).exec`.
  Node root_identifier(Node expression) const;
  /// Is the chain rooted in an imported or required module?
  bool module_rooted(Node expression) const;
  /// `awaited_done`: what is awaited inside `expression` has finished (a pushed value).
  bool starts_work(Node expression, CallbackFacts* facts, bool awaited_done = false) const;

  // constants.cpp
  std::optional<double> upper_bound(Node expression) const;
  std::optional<double> bound_of_name(Node identifier) const;
  std::optional<double> bound_of_call(Node call) const;
  /// Is this size capped with `Math.min` (directly or through a const)?
  bool min_capped(Node expression) const;
  /// How many times a counted `for` loop runs, when its bounds are constants.
  std::optional<double> loop_count(Node loop, bool* capped) const;

  // evaluate.cpp: the one collection evaluator, by source form.
  Verdict evaluate(Node collection, Question q) const;
  Verdict literal_array(Node array, Question q) const;
  Verdict literal_object(Node object, Question q) const;
  Verdict construct(Node new_expression, Question q) const;
  Verdict choice(Node either, Node or_else, Question q) const;
  /// A size bounded by a constant `K` (`Array(K)`, `{ length: K }`): bounded, or nothing known.
  Verdict constant_size(Node k) const;
  /// Is a size verdict small enough to map over without a fan-out?
  bool within_literal_limit(const Verdict& size) const;
  // evaluate_bindings.cpp
  Verdict binding(Node identifier, Node collection, Question q) const;
  Verdict parameter(const Binding& b, Node identifier, Question q) const;
  Verdict variable(const Binding& b, Node identifier, Node collection, Question q) const;
  Verdict loop_variable(const Binding& b) const;
  /// Is a parameter handed bounded chunks by a team's batching helper?
  bool batch_helper_parameter(const Binding& b) const;
  /// Does anything assign a property of this object (`o[k] = v`, `o.k = v`)?
  bool mutated(const Binding& binding) const;
  // evaluate_calls.cpp
  Verdict call(Node call, Question q) const;
  Verdict work_of_call(Node call, Question q) const;
  Verdict size_of_call(Node call) const;
  Verdict map_like(Node call, Node receiver, Node cb, std::string how, Question q) const;
  Verdict lodash_call(Node call, std::string_view member, std::string how, Question q, Verdict unknown) const;
  Verdict reduced_pushes(Node call, Node object, std::string_view method, Node reducer, Question q) const;
  Verdict returned_value(Node callee, Question q, Verdict unknown) const;
  Verdict size_of_slice(Node object, const std::vector<Node>& args) const;
  // evaluate_pushes.cpp
  /// Pushes and keyed assignments (semantics.md, rule 3 and Loops).
  Verdict pushes(const Binding& binding, Node sink, Question q) const;
  Verdict pushed_size(const Binding& binding) const;
  bool push_starts_work(Node argument, bool task_factories, CallbackFacts* facts) const;
  /// `sink`: the sink that waits on the array, when there is one.
  PushLoops push_loops(Node push, const Binding& binding, Node sink = {}) const;

  // Caches and recursion state.
  mutable std::unordered_map<std::uintptr_t, ScopeTable> scope_tables;
  mutable std::optional<bool> libraries_mentioned;
  mutable std::optional<bool> bluebird_chains;
  mutable std::optional<bool> bluebird_loaded;
  /// The file's text for the module-string scans, which remembers every
  /// substring asked: the scans of mentions_libraries(), loads() and
  /// library_names() look for the same module names.
  prefilter::Text scanned;
  mutable bool library_names_read = false;
  mutable std::optional<std::set<std::string, std::less<>>> library_names_;
  mutable std::optional<bool> promisifies_all;
  mutable int depth = 0;
  mutable std::unordered_map<std::uintptr_t, VariableUses> uses_cache;
  /// Calls by callee name (`f`, `this.m`): the names searched so far, or all
  /// of them once `calls_indexed`.
  mutable std::unordered_map<std::string, std::vector<Node>> calls_by_name;
  mutable bool calls_indexed = false;
  /// The name a call is filed under: `f` for `f()`, `this.m` for `this.m()`, else "".
  std::string call_key(Node call) const;
  void index_all_calls() const;
  mutable std::unordered_set<std::uintptr_t> in_progress;
  mutable std::unordered_map<std::uintptr_t, Verdict> verdicts;
};

/// Keeps recursion through bindings finite (cycles, deep chains).
class DepthGuard {
 public:
  explicit DepthGuard(const Engine& engine) : engine_(engine) { ++engine_.depth; }
  ~DepthGuard() { --engine_.depth; }
  bool exceeded() const { return engine_.depth > 24; }

 private:
  const Engine& engine_;
};

/// A verdict with only an extent.
inline Verdict with_extent(Extent extent) {
  Verdict v;
  v.extent = extent;
  return v;
}

/// An unknown verdict that says why (a step without a related location).
inline Verdict unknown_because(StepKind why, std::string subject, Node at) {
  Verdict v = with_extent(Extent::unknown);
  v.steps.push_back(Step{.span = {at.start(), at.end()}, .kind = why, .subject = std::move(subject)});
  return v;
}

/// A size verdict: bounded by `count` (unbounded above the limit is the caller's to say).
inline Verdict sized(double count, bool window = false) {
  Verdict v = with_extent(Extent::bounded);
  v.count = count;
  v.window = window;
  return v;
}

/// Keeps the stronger verdict: unbounded over unknown over bounded.
inline void merge(Verdict& into, Verdict other) {
  if (static_cast<int>(other.extent) > static_cast<int>(into.extent)) into = std::move(other);
}

}  // namespace fanout::sem

namespace fanout {

struct Semantic::Impl : sem::Engine {
  using sem::Engine::Engine;
};

}  // namespace fanout
