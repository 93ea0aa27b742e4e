// Shared state of the semantic layer. Private to src/semantic/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

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
  std::vector<Node> resets;           ///< `name = []`, `name.length = 0`, `name.splice(0)`
};

inline std::uintptr_t key(Node n) { return reinterpret_cast<std::uintptr_t>(n.raw().id); }

bool is_function_like(Kind k);
/// Skips parentheses and TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>x`).
Node unwrap(Node n);
/// The callee's property name of a member call (`map` in `xs.map(f)`), or "".
std::string_view member_name(Node call, const SourceFile& file);
/// Arguments of a call, comments skipped.
std::vector<Node> arguments_of(Node call);
/// The name a function is known by in this file, if any (declaration or `const f = () => ...`).
Node function_name(Node function);
/// The parameter nodes of a function, comments skipped.
std::vector<Node> parameters_of(Node function);
/// A string literal's content, without quotes.
std::optional<std::string> string_value(Node n, const SourceFile& file);

}  // namespace fanout::sem

namespace fanout {

struct Semantic::Impl {
  Impl(const SourceFile& f, Node r, const AnalysisOptions& o) : file(f), root(r), options(o) {}

  const SourceFile& file;
  Node root;
  const AnalysisOptions& options;

  std::string_view text(Node n) const { return file.slice(n.start(), n.end()); }

  // scope.cpp
  sem::Binding resolve(Node identifier) const;
  sem::Binding resolve_name(std::string_view name, Node at) const;
  using ScopeTable = std::unordered_map<std::string_view, sem::Binding>;
  const ScopeTable& scope_table(Node scope) const;
  mutable std::unordered_map<std::uintptr_t, ScopeTable> scope_tables;
  const sem::VariableUses& uses(const sem::Binding& binding) const;
  /// Calls in this file that call `function` by its name.
  std::vector<Node> calls_to(Node function) const;

  // modules.cpp
  LibraryBinding library_of(Node expression) const;
  LibraryBinding module_binding(const sem::Binding& binding) const;
  bool mentions_libraries() const;
  mutable std::optional<bool> libraries_mentioned;

  // callbacks.cpp
  CallbackFacts callback(Node callback, bool task_factories) const;
  bool is_pure_call(Node call) const;
  bool is_limiter_call(Node call) const;
  /// The identifier a member chain starts from: `db` in `db.users.find(id).exec`.
  Node root_identifier(Node expression) const;
  /// Is the chain rooted in an imported or required module?
  bool module_rooted(Node expression) const;
  bool starts_work(Node expression, CallbackFacts* facts) const;

  // fanout.cpp
  Verdict fanout(Node collection, bool task_factories) const;
  Verdict fanout_call(Node call, bool task_factories) const;
  Verdict map_like(Node call, Node receiver, Node cb, std::string_view how, bool task_factories) const;
  Verdict pushes_verdict(const sem::Binding& binding, Node sink, bool task_factories) const;
  bool push_starts_work(Node argument, bool task_factories, CallbackFacts* facts) const;
  Verdict returned_fanout(Node callee, bool task_factories, const std::string& unknown_origin) const;

  // collections.cpp
  struct Size {
    bool bounded = false;
    double count = 0;
    bool window = false;  ///< a slice/chunk window: bounded whatever its size
  };
  Size size(Node collection) const;
  std::optional<double> upper_bound(Node expression) const;
  bool bounded_for_map(Node receiver) const;
  /// Does anything assign a property of this object (`o[k] = v`, `o.k = v`)?
  bool mutated(const sem::Binding& binding) const;
  /// Is this size capped with `Math.min` (directly or through a const)?
  bool min_capped(Node expression) const;

  mutable int depth = 0;
  mutable std::unordered_map<std::uintptr_t, sem::VariableUses> uses_cache;
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
  explicit DepthGuard(const Semantic::Impl& impl) : impl_(impl) { ++impl_.depth; }
  ~DepthGuard() { --impl_.depth; }
  bool exceeded() const { return impl_.depth > 24; }

 private:
  const Semantic::Impl& impl_;
};

}  // namespace fanout
