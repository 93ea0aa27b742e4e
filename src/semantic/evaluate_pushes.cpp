// The evaluator on pushes (semantics.md: Unbounded sources, rule 3;
// Clarifications: Pushes, Loops, Where the array lives): an array filled in a
// loop before the sink holds one element of started work per iteration,
// unless a counted loop or the manual batching pattern bounds it.
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {
namespace {

bool is_loop(Kind k) {
  return k == Kind::for_statement || k == Kind::for_in_statement || k == Kind::while_statement ||
         k == Kind::do_statement;
}

LoopKind loop_kind(Node loop, const Engine& engine) {
  switch (loop.kind()) {
    case Kind::for_statement: return LoopKind::for_;
    case Kind::while_statement: return LoopKind::while_;
    case Kind::do_statement: return LoopKind::do_while;
    case Kind::for_in_statement: {
      const Node op = loop.field(Field::operator_);
      return op && engine.text(op) == "in" ? LoopKind::for_in : LoopKind::for_of;
    }
    default: return LoopKind::other;
  }
}

// The manual batching pattern: the array is reset inside the loop once it
// reaches a constant size (semantics.md, Pushes).
bool batched(Node loop, const VariableUses& u, std::string_view name, const Engine& engine) {
  bool reset_in_loop = false;
  for (Node r : u.resets) reset_in_loop = reset_in_loop || loop.contains(r);
  if (!reset_in_loop) return false;
  bool size_checked = false;
  const std::string length = std::string(name) + ".length";
  walk(loop, [&](Node n) {
    if (size_checked) return false;
    if (n.is(Kind::binary_expression)) {
      const std::string_view l = engine.text(n.field(Field::left));
      const std::string_view r = engine.text(n.field(Field::right));
      if ((l == length && engine.upper_bound(n.field(Field::right))) ||
          (r == length && engine.upper_bound(n.field(Field::left)))) {
        size_checked = true;
      }
    }
    return true;
  });
  return size_checked;
}

// Every push and keyed assignment of a variable.
std::vector<Node> fills_of(const VariableUses& u) {
  std::vector<Node> out = u.pushes;
  out.insert(out.end(), u.keyed.begin(), u.keyed.end());
  return out;
}

}  // namespace

PushLoops Engine::push_loops(Node push, const Binding& binding, Node sink) const {
  // Which loops run this push? Walk up to the array's own scope: an array
  // declared inside a loop body is a fresh one each iteration.
  PushLoops out;
  const std::vector<Node> chain = push.ancestors();
  for (auto it = chain.rbegin(); it != chain.rend() && *it != binding.scope; ++it) {
    const Node a = *it;
    if (is_loop(a.kind())) {
      if (auto count = loop_count(a, &out.capped)) {
        out.multiplier *= *count;
      } else if (!out.unbounded) {
        out.unbounded = a;
        out.loop = loop_kind(a, *this);
      }
    } else if (a.is_function()) {
      // The chain holds the parents: no parent() walks from the root.
      const auto up = [&](std::size_t n) { return chain.rend() - it > static_cast<long>(n) ? it[n] : Node{}; };
      const Node args = up(1);
      const Node call = up(2);
      std::string_view method;
      if (args.is(Kind::arguments) && call.is(Kind::call_expression)) method = call.member_name(file.text());
      if (array_method_has(method, ArrayTrait::per_element_callback)) {
        if (!out.unbounded) {
          out.unbounded = a;
          out.loop = LoopKind::callback;
          out.method = std::string(method);
        }
      } else {
        // A loop inside a function that also holds the sink fills the array
        // per element of one run (semantics.md, Where the array lives).
        // Otherwise the function may run any number of times.
        out.in_function = !(out.unbounded && sink && a.contains(sink));
        break;
      }
    }
  }
  return out;
}

Verdict Engine::pushes(const Binding& binding, Node sink, Question q) const {
  const auto& u = uses(binding);
  const std::string name(text(binding.name));
  double total = 0;
  bool unknown = false;
  Node first_fill;
  // A push adds its arguments; a keyed assignment (`ps[i] = load(x)`,
  // `tasks[name] = (cb) => ...`) adds its value (semantics.md, Loops).
  for (Node fill : fills_of(u)) {
    // Only fills that run before the sink: earlier in the text, or in a loop around both.
    bool shares_loop = false;
    const std::vector<Node> chain = fill.ancestors();
    for (auto it = chain.rbegin(); it != chain.rend() && *it != binding.scope; ++it) {
      if (is_loop(it->kind()) && it->contains(sink)) shares_loop = true;
    }
    if (fill.start() > sink.start() && !shares_loop) continue;

    bool work = false;
    CallbackFacts facts;
    const bool keyed = fill.is(Kind::assignment_expression);
    for (Node arg : keyed ? std::vector<Node>{fill.field(Field::right)} : fill.arguments()) {
      if (arg.is(Kind::spread_element)) {
        Verdict sv = evaluate(arg.named(0), q);
        if (sv.extent == Extent::unbounded) return sv;
        continue;
      }
      if (push_starts_work(arg, q.task_factories, &facts)) work = true;
    }
    if (!work) continue;

    const PushLoops loops = push_loops(fill, binding, sink);
    // A fill from a function that may run any number of times makes the
    // count unknown; a fill in a loop elsewhere still fills the array.
    if (loops.in_function) {
      unknown = true;
      continue;
    }
    if (loops.unbounded) {
      if (batched(loops.unbounded, u, name, *this)) continue;
      Verdict v = with_extent(Extent::unbounded);
      v.work = facts.work;
      v.over = name;
      v.steps.push_back(Step{.span = {fill.start(), fill.end()}, .kind = StepKind::filled_in_loop, .subject = name,
                             .how = loops.method, .loop = loops.loop, .keyed = keyed});
      return v;
    }
    if (!first_fill) first_fill = fill;
    if (!loops.capped) total += loops.multiplier;
  }
  if (total > options.max_literal_elements) {
    // Counted loops: bounded only up to `max-literal-elements` fills in all.
    Verdict v = with_extent(Extent::unbounded);
    v.over = name;
    v.steps.push_back(Step{.span = {first_fill.start(), first_fill.end()},
                           .kind = StepKind::filled_counted, .subject = name, .count = total,
                           .limit = options.max_literal_elements});
    return v;
  }
  return with_extent(unknown ? Extent::unknown : Extent::bounded);
}

Verdict Engine::pushed_size(const Binding& binding) const {
  // Any push makes a size unknown; one inside a loop is the source to name.
  const std::string name(text(binding.name));
  for (Node push : fills_of(uses(binding))) {
    const PushLoops loops = push_loops(push, binding);
    if (loops.in_function || !loops.unbounded) continue;
    Verdict v = with_extent(Extent::unbounded);
    v.over = name;
    v.steps.push_back(Step{.span = {push.start(), push.end()}, .kind = StepKind::filled_in_loop, .subject = name,
                           .how = loops.method, .loop = loops.loop,
                           .keyed = push.is(Kind::assignment_expression)});
    return v;
  }
  return with_extent(Extent::unknown);
}

bool Engine::push_starts_work(Node arg, bool task_factories, CallbackFacts* facts) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return false;
  const Node a = arg.unwrapped();
  switch (a.kind()) {
    case Kind::call_expression:
    case Kind::new_expression: {
      if (a.is(Kind::call_expression) && is_limiter_call(a)) return false;
      CallbackFacts local;
      // The call itself is the work; name it like a callback's work. The
      // walk reads the receivers too: `load(id).then(keep)` starts `load`
      // (semantics.md, Continuations after a call), `job.done.then(keep)` nothing.
      return starts_work(a, facts ? facts : &local, true);
    }
    case Kind::ternary_expression:
      return push_starts_work(a.field(Field::consequence), task_factories, facts) ||
             push_starts_work(a.field(Field::alternative), task_factories, facts);
    case Kind::identifier: {
      const Binding b = resolve(a);
      if ((b.kind == BindingKind::const_ || b.kind == BindingKind::let) && b.value && !b.destructured &&
          !in_progress.contains(key(b.name))) {
        in_progress.insert(key(b.name));
        const bool work = push_starts_work(b.value, task_factories, facts);
        in_progress.erase(key(b.name));
        return work;
      }
      return false;
    }
    case Kind::arrow_function:
    case Kind::function_expression:
      // A task function: async.parallel starts every one it is given.
      return task_factories;
    default:
      return false;
  }
}

}  // namespace fanout::sem
