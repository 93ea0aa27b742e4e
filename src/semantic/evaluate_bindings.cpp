// The evaluator on names (semantics.md: Unbounded sources, rules 3 and 6;
// Bounded: chunked work): a name is followed to its declaration, its
// assignments and pushes, or the calls that feed a parameter.
#include <algorithm>
#include <limits>

#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool is_variable(BindingKind kind) {
  return kind == BindingKind::const_ || kind == BindingKind::let || kind == BindingKind::var;
}

// The source reached the collection through `name`: say so in its first step.
void passed_through(Verdict& v, std::string_view name) {
  if (v.extent == Extent::unbounded && !v.steps.empty()) {
    auto& through = v.steps.front().through;
    through.insert(through.begin(), std::string(name));
  }
}

// Does `value` start an array (`[]`, `new Array()`, `Array()`) that pushes
// may fill, or, for a task runner, an object that keyed tasks may fill?
bool seed(Node value, const Engine& engine, Question q) {
  const Node v = value.unwrapped();
  return v.is(Kind::array) || (v.is(Kind::new_expression) && engine.text(v.field(Field::constructor)) == "Array") ||
         (v.is(Kind::call_expression) && engine.text(v.field(Field::function)) == "Array") ||
         (q.task_factories && v.is(Kind::object));
}

bool filled(const VariableUses& u) { return !u.pushes.empty() || !u.keyed.empty(); }

}  // namespace

Verdict Engine::binding(Node identifier, Node collection, Question q) const {
  const Binding b = resolve(identifier);
  const std::string name(text(identifier));
  if (q.facet == Facet::work) {
    if (!b) return unknown_because(StepKind::undeclared, name, identifier);
    switch (b.kind) {
      case BindingKind::import:
        return unknown_because(StepKind::imported, name, identifier);
      case BindingKind::param:
        return parameter(b, identifier, q);
      case BindingKind::const_:
      case BindingKind::let:
      case BindingKind::var:
        return variable(b, identifier, collection, q);
      default:
        return unknown_because(StepKind::not_local, name, identifier);
    }
  }
  // Sizes: any name met again on the way is unknown (a cycle).
  if (!b || in_progress.contains(key(b.name))) return with_extent(Extent::unknown);
  in_progress.insert(key(b.name));
  Verdict out = with_extent(Extent::unknown);
  if (b.kind == BindingKind::loop_var) {
    out = loop_variable(b);
  } else if (b.kind == BindingKind::param && !b.destructured) {
    out = batch_helper_parameter(b) ? sized(kInfinity, true) : parameter(b, identifier, q);
  } else if (is_variable(b.kind) && b.value && !b.destructured) {
    out = variable(b, identifier, collection, q);
  }
  in_progress.erase(key(b.name));
  return out;
}

Verdict Engine::parameter(const Binding& b, Node identifier, Question q) const {
  const std::string name(text(identifier));
  const bool work = q.facet == Facet::work;
  if (work && b.destructured) return unknown_because(StepKind::parameter, name, identifier);
  if (work && in_progress.contains(key(b.name))) return with_extent(Extent::bounded);
  const auto calls = calls_to(b.function);
  if (calls.empty()) {
    return work ? unknown_because(StepKind::unfed_parameter, name, identifier) : with_extent(Extent::unknown);
  }
  // Rule 6: each call that feeds the parameter; the collection is as large
  // as the largest of them.
  if (work) in_progress.insert(key(b.name));
  Verdict out = work ? with_extent(Extent::bounded) : sized(0);
  for (Node call : calls) {
    const auto args = call.arguments();
    if (b.param_index >= args.size()) continue;
    const Node arg = args[b.param_index];
    Verdict v = work && arg.is(Kind::spread_element) ? with_extent(Extent::unknown) : evaluate(arg, q);
    if (v.extent == Extent::unbounded && !v.count) {
      v.steps.push_back(Step{.span = {arg.start(), arg.end()}, .kind = StepKind::fed_by_call, .subject = name,
                             .site = {call.start(), call.end()}});
      v.map_call = {};
    }
    if (!work) {
      if (!v.count) return v;
      out = sized(std::max(*out.count, *v.count), out.window || v.window);
      continue;
    }
    merge(out, std::move(v));
    if (out.extent == Extent::unbounded) break;
  }
  if (work) in_progress.erase(key(b.name));
  return out;
}

Verdict Engine::variable(const Binding& b, Node identifier, Node collection, Question q) const {
  const std::string name(text(identifier));
  const auto& u = uses(b);
  if (q.facet == Facet::size) {
    // Every value assigned must be bounded, and nothing pushed.
    Verdict out = evaluate(b.value, q);
    for (Node v : u.assigned_values) {
      if (!out.count) break;
      Verdict s = evaluate(v, q);
      out = s.count ? sized(std::max(*out.count, *s.count), out.window && s.window) : std::move(s);
    }
    if (out.count && filled(u)) return pushed_size(b);
    passed_through(out, name);
    return out;
  }
  if (b.destructured) return unknown_because(StepKind::destructured, name, identifier);
  if (in_progress.contains(key(b.name))) return with_extent(Extent::bounded);
  in_progress.insert(key(b.name));
  Verdict out = with_extent(Extent::bounded);
  bool seeded = false;
  // Several definitions: any assignment that reaches the sink counts.
  const auto consider = [&](Node value) {
    seeded = seeded || seed(value, *this, q);
    Verdict d = evaluate(value, q);
    passed_through(d, name);
    merge(out, std::move(d));
  };
  if (b.value) consider(b.value);
  for (Node v : u.assigned_values) consider(v);
  if (seeded && filled(u) && out.extent != Extent::unbounded) merge(out, pushes(b, collection, q));
  in_progress.erase(key(b.name));
  out.map_call = {};  // only a `.map` written inside the sink is rewritten
  return out;
}

Verdict Engine::loop_variable(const Binding& b) const {
  // `for (const group of chunk(items, 20))`: each group is a window, also
  // when the chunks were kept in a name first (`const groups = chunk(...)`).
  Node source = b.value.unwrapped();
  for (int hops = 0; hops < 4 && source.is(Kind::identifier); ++hops) {
    const Binding chunks = resolve(source);
    if (!is_variable(chunks.kind) || chunks.destructured || !chunks.value || !uses(chunks).assigned_values.empty()) {
      break;
    }
    source = chunks.value.unwrapped();
  }
  if (!source.is(Kind::call_expression)) return with_extent(Extent::unknown);
  const Node callee = source.field(Field::function).unwrapped();
  std::string_view name = text(callee);
  if (const auto dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
  const LibraryBinding lib = library_of(callee);
  const LodashRow* lodash = lib.library == Library::lodash ? lodash_function(lib.member) : nullptr;
  if (!is_chunk_function(name) && !(lodash && lodash->use == LodashUse::chunks)) return with_extent(Extent::unknown);
  const auto args = source.arguments();
  const auto k = args.size() >= 2 ? upper_bound(args[1]) : std::nullopt;
  return sized(k.value_or(kInfinity), true);
}

bool Engine::batch_helper_parameter(const Binding& b) const {
  // A team's batching helper hands its callback bounded chunks.
  const Node fn = b.function;
  const Node args = fn.parent();
  const Node call = args.parent();
  if (!args.is(Kind::arguments) || !call.is(Kind::call_expression)) return false;
  const std::string_view callee = text(call.field(Field::function).unwrapped());
  const auto list = call.arguments();
  return std::any_of(options.batch_helpers.begin(), options.batch_helpers.end(), [&](const BatchHelper& helper) {
    return callee == helper.callee && helper.callback_arg < list.size() && list[helper.callback_arg] == fn;
  });
}

bool Engine::mutated(const Binding& binding) const {
  const std::string_view name = text(binding.name);
  bool found = false;
  const Node scope = binding.scope ? binding.scope : root;
  // Every node below holds the name, so the walk visits only its occurrences' ancestors.
  walk_around(scope, name_occurrences(file.text(), name, scope.start(), scope.end()), [&](Node n) {
    if (found) return false;
    if (n.is(Kind::assignment_expression) || n.is(Kind::augmented_assignment_expression)) {
      Node left = n.field(Field::left).unwrapped();
      if (left.is(Kind::member_expression) || left.is(Kind::subscript_expression)) {
        Node object = left.field(Field::object).unwrapped();
        found = object.is(Kind::identifier) && text(object) == name;
      }
    }
    return true;
  });
  return found;
}

}  // namespace fanout::sem
