// The evaluator on calls (semantics.md: Unbounded sources, rules 1, 2 and 5;
// Bounded: constant sizes and windows): `.map` and its wrappers start work,
// methods that keep elements pass it on, and constant-sized constructors,
// slices and splices bound a size. Which method does what is the catalog's
// (fanout/sinks.hpp), for both questions alike.
#include <algorithm>

#include "semantic/internal.hpp"
#include "syntax/lex.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {

Verdict Engine::call(Node call, Question q) const {
  return q.facet == Facet::work ? work_of_call(call, q) : size_of_call(call);
}

Verdict Engine::work_of_call(Node call, Question q) const {
  const Node callee = call.field(Field::function).unwrapped();
  const auto args = call.arguments();
  Verdict unknown = unknown_because(StepKind::returned_by_call, lex::short_code(text(callee)), callee);
  if (callee.is(Kind::identifier)) {
    // `map(E, cb)` and `flatten(E)` imported from lodash.
    const LibraryBinding lib = library_of(callee);
    if (lib.library == Library::lodash && lodash_function(lib.member)) {
      return lodash_call(call, lib.member, std::string(text(callee)), q, std::move(unknown));
    }
    return returned_value(callee, q, std::move(unknown));
  }
  if (!callee.is(Kind::member_expression)) return unknown;
  const Node object = callee.field(Field::object).unwrapped();
  const std::string_view m = text(callee.field(Field::property));

  if (array_method_has(m, ArrayTrait::maps_elements) && !args.empty()) {
    const LibraryBinding lib = library_of(object);
    if (lib.library == Library::lodash && lib.member.empty()) {
      if (args.size() >= 2) return map_like(call, args[0], args[1], "_." + std::string(m), q);
      return unknown;
    }
    if (lib.library != Library::none) return unknown;
    return map_like(call, object, args[0], "." + std::string(m), q);
  }
  if (m == "from" && text(object) == "Array" && !resolve(object)) {
    if (args.size() >= 2) return map_like(call, args[0], args[1], "Array.from", q);
    if (args.size() == 1) return evaluate(args[0], q);
    return with_extent(Extent::bounded);
  }
  if (const LibraryBinding lib = library_of(object); lib.library == Library::lodash && lib.member.empty()) {
    return lodash_call(call, m, "_." + std::string(m), q, std::move(unknown));
  }
  if (array_method_has(m, ArrayTrait::keeps_elements)) {
    // Rule 5: the work started before stays in the result.
    Verdict v = evaluate(object, q);
    if (m == "concat") {
      // concat(E.map(cb), other()): only an unbounded argument matters.
      for (Node a : args) {
        Verdict av = evaluate(a, q);
        if (av.extent == Extent::unbounded) merge(v, std::move(av));
      }
    }
    if (v.extent == Extent::unbounded) v.map_call = {};
    return v;
  }
  if ((m == "reduce" || m == "reduceRight") && !args.empty()) {
    Verdict reduced = reduced_pushes(call, object, m, args[0], q);
    return reduced.extent == Extent::unbounded ? reduced : unknown;
  }
  return unknown;
}

Verdict Engine::lodash_call(Node call, std::string_view member, std::string how, Question q, Verdict unknown) const {
  // `_.map(E, cb)`, `flatten(E)`, `_.reduce(E, (acc, x) => ..., [])`: by the catalog's row.
  const LodashRow* row = lodash_function(member);
  const auto args = call.arguments();
  if (row == nullptr || args.empty()) return unknown;
  switch (row->use) {
    case LodashUse::maps:
      return args.size() >= 2 ? map_like(call, args[0], args[1], std::move(how), q) : unknown;
    case LodashUse::keeps_elements:
      return evaluate(args[0], q);
    case LodashUse::reduces: {
      if (args.size() < 2) return unknown;
      Verdict reduced = reduced_pushes(call, args[0], member, args[1], q);
      return reduced.extent == Extent::unbounded ? reduced : unknown;
    }
    case LodashUse::chunks:
      return unknown;
  }
  return unknown;
}

Verdict Engine::map_like(Node call, Node receiver, Node cb, std::string how, Question q) const {
  // Rule 5: once a `.map` has started the work, what comes after bounds
  // nothing. When this map starts work too, it is the one to name.
  Verdict rv = evaluate(receiver, q);
  const CallbackFacts facts = callback(cb, q.task_factories);
  const bool own_work = facts.starts_work && !facts.limited;
  if (!own_work) {
    // A map that only reads, or hands its work to a limiter, is no fan-out
    // site, and what was pushed into the array it maps no longer matters
    // (semantics.md: Reading is transparent only one way). Work a `.map`
    // before it started is still running (rule 5).
    const bool filled = rv.extent == Extent::unbounded && !rv.steps.empty() &&
                        (rv.steps.front().kind == StepKind::filled_in_loop ||
                         rv.steps.front().kind == StepKind::filled_per_element ||
                         rv.steps.front().kind == StepKind::filled_counted);
    if (filled || (facts.limited && rv.extent != Extent::unbounded)) return with_extent(Extent::bounded);
    return rv;
  }
  const Verdict size = evaluate(receiver, Question{.facet = Facet::size});
  if (within_literal_limit(size)) return rv.extent == Extent::unbounded ? rv : with_extent(Extent::bounded);
  Verdict v = with_extent(Extent::unbounded);
  v.work = facts.work;
  v.over = lex::short_code(text(receiver.unwrapped()));
  const Node callee = call.field(Field::function).unwrapped();
  const Node at = callee.is(Kind::member_expression) ? callee.field(Field::property) : callee;
  v.steps.push_back(Step{.span = {at.start(), call.end()}, .kind = StepKind::mapped_over, .subject = v.over,
                         .how = std::move(how), .work = facts.work, .count = size.count,
                         .limit = options.max_literal_elements});
  v.map_call = call;
  v.callback = cb;
  return v;
}

Verdict Engine::reduced_pushes(Node call, Node object, std::string_view method, Node reducer, Question q) const {
  // Rule 1's note: `reduce((acc, x) => { acc.push(call(x)); return acc }, [])`
  // fills the accumulator once per element.
  const Node fn = reducer.unwrapped();
  if (!fn.is_function()) return with_extent(Extent::unknown);
  const auto params = fn.parameters();
  if (params.empty() || !params[0].is(Kind::identifier)) return with_extent(Extent::unknown);
  const std::string_view acc = text(params[0]);
  Node push_call;
  CallbackFacts facts;
  walk(fn.field(Field::body), [&](Node n) {
    if (push_call) return false;
    if (n.is(Kind::call_expression)) {
      Node c = n.field(Field::function).unwrapped();
      if (c.is(Kind::member_expression) && text(c.field(Field::object)) == acc &&
          text(c.field(Field::property)) == "push") {
        for (Node a : n.arguments()) {
          if (push_starts_work(a, q.task_factories, &facts)) push_call = n;
        }
      }
    }
    return true;
  });
  if (!push_call || within_literal_limit(evaluate(object, Question{.facet = Facet::size}))) {
    return with_extent(Extent::unknown);
  }
  (void)call;
  Verdict v = with_extent(Extent::unbounded);
  v.work = facts.work;
  v.over = lex::short_code(text(object));
  v.steps.push_back(Step{.span = {push_call.start(), push_call.end()}, .kind = StepKind::filled_per_element,
                         .subject = v.over, .how = std::string(method)});
  return v;
}

Verdict Engine::returned_value(Node callee, Question q, Verdict unknown) const {
  // A helper declared in this file: what it returns (deeper than semantics.md
  // requires, as a reviewer reading the helper would).
  Node fn;
  const Binding b = resolve(callee);
  if (b.kind == BindingKind::function) fn = b.declaration;
  if ((b.kind == BindingKind::const_ || b.kind == BindingKind::let) && !b.destructured &&
      b.value.unwrapped().is_function()) {
    fn = b.value.unwrapped();
  }
  if (!fn || in_progress.contains(key(fn))) return unknown;
  in_progress.insert(key(fn));
  Verdict out = std::move(unknown);
  const Node body = fn.field(Field::body);
  std::vector<Node> returned;
  if (!body.is(Kind::statement_block)) {
    returned.push_back(body);
  } else {
    walk(body, [&](Node n) {
      if (n != body && n.is_function()) return false;
      if (n.is(Kind::return_statement) && n.named_count() > 0) returned.push_back(n.named(0));
      return true;
    });
  }
  for (Node r : returned) {
    Verdict v = evaluate(r, q);
    if (v.extent == Extent::unbounded) {
      v.steps.push_back(Step{.span = {callee.start(), callee.end()}, .kind = StepKind::returned_by,
                             .subject = std::string(text(callee))});
      v.map_call = {};
      out = std::move(v);
      break;
    }
  }
  in_progress.erase(key(fn));
  return out;
}

Verdict Engine::size_of_call(Node call) const {
  const Question q{.facet = Facet::size};
  const Node callee = call.field(Field::function).unwrapped();
  const auto args = call.arguments();
  if (callee.is(Kind::identifier) && text(callee) == "Array" && !resolve(callee)) {
    return args.size() == 1 ? constant_size(args[0]) : sized(static_cast<double>(args.size()));
  }
  if (!callee.is(Kind::member_expression)) return with_extent(Extent::unknown);
  const Node object = callee.field(Field::object).unwrapped();
  const std::string_view m = text(callee.field(Field::property));
  const std::string_view obj = text(object);
  if (obj == "Array" && m == "from" && !args.empty()) {
    const Node source = args[0].unwrapped();
    if (!source.is(Kind::object)) return evaluate(source, q);
    for (std::uint32_t i = 0; i < source.named_count(); ++i) {
      const Node pair = source.named(i);
      if (pair.is(Kind::pair) && text(pair.field(Field::key)) == "length") return constant_size(pair.field(Field::value));
      if (pair.is(Kind::shorthand_property_identifier) && text(pair) == "length") {
        if (auto k = upper_bound(pair)) return sized(*k);
        return with_extent(Extent::unknown);
      }
    }
    return with_extent(Extent::unknown);
  }
  if (obj == "Array" && m == "of") return sized(static_cast<double>(args.size()));
  if (obj == "Object" && (m == "keys" || m == "values" || m == "entries") && args.size() == 1) {
    Node source = args[0].unwrapped();
    if (source.is(Kind::identifier)) {
      // A const object literal that nothing adds keys to.
      const Binding b = resolve(source);
      if (b.kind != BindingKind::const_ || b.destructured || mutated(b)) return with_extent(Extent::unknown);
      source = b.value.unwrapped();
    }
    if (source.is(Kind::object)) return sized(static_cast<double>(source.named_count()));
    return with_extent(Extent::unknown);
  }
  if (m == "slice") return size_of_slice(object, args);
  if (m == "splice" && args.size() >= 2) {
    if (auto k = upper_bound(args[1])) return sized(*k, true);
    return with_extent(Extent::unknown);
  }
  if (array_method_has(m, ArrayTrait::keeps_size)) return evaluate(object, q);
  if (m == "concat") {
    Verdict total = evaluate(object, q);
    for (Node a : args) {
      if (!total.count) break;
      Verdict s = evaluate(a, q);
      total = s.count ? sized(*total.count + *s.count, total.window && s.window) : std::move(s);
    }
    return total;
  }
  return with_extent(Extent::unknown);
}

Verdict Engine::size_of_slice(Node object, const std::vector<Node>& args) const {
  const Question q{.facet = Facet::size};
  if (args.empty()) return evaluate(object, q);
  if (args.size() == 1) {
    // `slice(-5)` keeps at most five.
    const Node a = args[0].unwrapped();
    if (a.is(Kind::unary_expression) && text(a).starts_with("-")) {
      if (auto k = upper_bound(a.named(0))) return sized(*k, true);
    }
    return evaluate(object, q);
  }
  const Node start = args[0].unwrapped();
  const Node end = args[1].unwrapped();
  // `slice(i, i + K)`: a window of K whatever i is.
  if (end.is(Kind::binary_expression) && text(end.field(Field::operator_)) == "+") {
    const Node l = end.field(Field::left).unwrapped();
    const Node r = end.field(Field::right).unwrapped();
    if (text(l) == text(start)) {
      if (auto k = upper_bound(r)) return sized(*k, true);
    }
    if (text(r) == text(start)) {
      if (auto k = upper_bound(l)) return sized(*k, true);
    }
  }
  const auto s = upper_bound(start);
  const auto t = upper_bound(end);
  if (t && s && *s >= 0) return sized(std::max(0.0, *t - *s), true);
  if (t && start.is(Kind::number)) return sized(*t, true);
  return evaluate(object, q);
}

}  // namespace fanout::sem
