// The collection evaluator (semantics.md: Unbounded sources, Bounded,
// Clarifications). One function answers both questions a rule asks about a
// collection, form by form: is it an unbounded set of started work
// (Facet::work), and how many elements can it have (Facet::size)? This file
// holds the dispatch and the literal forms; bindings, calls and pushes have
// their own files. Provenance is recorded as Steps, never as words.
#include <algorithm>
#include <limits>

#include "semantic/internal.hpp"
#include "syntax/lex.hpp"

namespace fanout::sem {

Verdict Engine::evaluate(Node collection, Question q) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return with_extent(Extent::unknown);
  const Node e = collection.unwrapped();
  const bool work = q.facet == Facet::work;
  switch (e.kind()) {
    case Kind::array:
      return literal_array(e, q);
    case Kind::object:
      return literal_object(e, q);
    case Kind::identifier:
      return binding(e, collection, q);
    case Kind::call_expression:
      return call(e, q);
    case Kind::new_expression:
      return construct(e, q);
    case Kind::ternary_expression:
      return choice(e.field(Field::consequence), e.field(Field::alternative), q);
    case Kind::binary_expression: {
      // `xs ?? []`, `cached || load()`: either side may reach the sink.
      const std::string_view op = text(e.field(Field::operator_));
      if (!work || (op != "??" && op != "||" && op != "&&")) return with_extent(Extent::unknown);
      return choice(e.field(Field::left), e.field(Field::right), q);
    }
    case Kind::await_expression:
      return work ? evaluate(e.named(0), q) : with_extent(Extent::unknown);
    case Kind::sequence_expression:
      return work ? evaluate(e.named(e.named_count() - 1), q) : with_extent(Extent::unknown);
    case Kind::member_expression:
    case Kind::subscript_expression:
      if (!work) return with_extent(Extent::unknown);
      return unknown_because(StepKind::outside_function, lex::short_code(text(e)), e);
    default:
      return with_extent(Extent::unknown);
  }
}

Verdict Engine::literal_array(Node array, Question q) const {
  if (q.facet == Facet::work) {
    // Rule 4: a literal is bounded unless it spreads an unbounded source.
    Verdict out = with_extent(Extent::bounded);
    for (std::uint32_t i = 0; i < array.named_count(); ++i) {
      Node el = array.named(i);
      if (el.is(Kind::spread_element)) merge(out, evaluate(el.named(0), q));
    }
    if (out.extent == Extent::unbounded && !out.steps.empty()) out.map_call = {};
    return out;
  }
  // Someone wrote every element, and each spread adds a bounded number.
  double count = 0;
  for (std::uint32_t i = 0; i < array.named_count(); ++i) {
    Node el = array.named(i);
    if (el.is(Kind::comment)) continue;
    if (el.is(Kind::spread_element)) {
      Verdict inner = evaluate(el.named(0), q);
      if (!inner.count) return inner;
      count += *inner.count;
    } else {
      count += 1;
    }
  }
  return sized(count);
}

Verdict Engine::literal_object(Node object, Question q) const {
  // async.parallel({ a: taskA, b: taskB }): a fixed set of named tasks.
  if (q.facet == Facet::work) return with_extent(Extent::bounded);
  // `Array.from({ length: K }, cb)` walks K elements.
  for (std::uint32_t i = 0; i < object.named_count(); ++i) {
    Node pair = object.named(i);
    if (pair.is(Kind::pair) && text(pair.field(Field::key)) == "length") return constant_size(pair.field(Field::value));
    if (pair.is(Kind::shorthand_property_identifier) && text(pair) == "length") {
      const Binding b = resolve_name("length", pair);
      if (b.kind == BindingKind::const_ && b.value) return constant_size(b.value);
      return with_extent(Extent::unknown);
    }
  }
  // Any other object literal: a fixed set of keys (async.mapValues over it).
  for (std::uint32_t i = 0; i < object.named_count(); ++i) {
    if (object.named(i).is(Kind::spread_element)) return with_extent(Extent::unknown);
  }
  return sized(static_cast<double>(object.named_count()));
}

Verdict Engine::construct(Node new_expression, Question q) const {
  const std::string_view ctor = text(new_expression.field(Field::constructor));
  if (q.facet == Facet::work) return with_extent(ctor == "Array" ? Extent::bounded : Extent::unknown);
  const auto args = new_expression.field(Field::arguments) ? new_expression.arguments() : std::vector<Node>{};
  if (ctor == "Array") return args.size() == 1 ? constant_size(args[0]) : sized(static_cast<double>(args.size()));
  if ((ctor == "Set" || ctor == "Map") && args.size() == 1) return evaluate(args[0], q);
  return with_extent(Extent::unknown);
}

Verdict Engine::choice(Node either, Node or_else, Question q) const {
  Verdict a = evaluate(either, q);
  Verdict b = evaluate(or_else, q);
  if (q.facet == Facet::work) {
    // Several definitions: the collection is unbounded if any of them is.
    merge(a, std::move(b));
    return a;
  }
  if (a.count && b.count) return sized(std::max(*a.count, *b.count), a.window && b.window);
  if (a.count) return b;
  merge(a, std::move(b));
  return a;
}

Verdict Engine::constant_size(Node k) const {
  if (auto bound = upper_bound(k)) return sized(*bound, min_capped(k));
  return with_extent(Extent::unknown);
}

bool Engine::within_literal_limit(const Verdict& size) const {
  return size.count && (size.window || *size.count <= options.max_literal_elements);
}

}  // namespace fanout::sem
