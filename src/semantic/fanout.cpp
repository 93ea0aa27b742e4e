// fanout(): is a collection that reaches a sink an unbounded set of started
// work? Follows semantics.md's six unbounded sources and its bounded cases.
#include <cmath>

#include <fmt/format.h>

#include "diag/wording.hpp"
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

Verdict with_extent(Extent extent, std::string origin = {}) {
  Verdict v;
  v.extent = extent;
  v.origin = std::move(origin);
  return v;
}

// Keeps the stronger verdict: unbounded over unknown over bounded.
void merge(Verdict& into, Verdict other) {
  if (static_cast<int>(other.extent) > static_cast<int>(into.extent)) into = std::move(other);
}

bool is_loop(Kind k) {
  return k == Kind::for_statement || k == Kind::for_in_statement || k == Kind::while_statement ||
         k == Kind::do_statement;
}

std::string loop_name(Node loop, const SourceFile& file) {
  switch (loop.kind()) {
    case Kind::for_statement: return "`for` loop";
    case Kind::while_statement: return "`while` loop";
    case Kind::do_statement: return "`do...while` loop";
    case Kind::for_in_statement: {
      Node op = loop.field(Field::operator_);
      if (op && file.slice(op.start(), op.end()) == "in") return "`for...in` loop";
      return "`for...of` loop";
    }
    default: return "loop";
  }
}

// Array methods (and the async package's) that call a callback per element.
bool is_iteration_method(std::string_view m) {
  // lodash's forIn/forOwn/times/mapValues call theirs once per key or count.
  return m == "forEach" || m == "map" || m == "flatMap" || m == "reduce" || m == "reduceRight" ||
         m == "filter" || m == "some" || m == "every" || m == "find" || m == "each" || m == "eachSeries" ||
         m == "forEachOf" || m == "eachOf" || m == "forIn" || m == "forOwn" || m == "forEachRight" ||
         m == "times" || m == "mapValues" || m == "transform";
}

bool keeps_elements(std::string_view m) {
  return m == "filter" || m == "slice" || m == "reverse" || m == "sort" || m == "flat" || m == "toSorted" ||
         m == "toReversed" || m == "concat" || m == "splice" || m == "values" || m == "toArray";
}


}  // namespace

namespace {

// How many times a counted `for` loop runs, when its bounds are constants.
std::optional<double> loop_count(Node loop, const Semantic::Impl& impl, bool* capped) {
  if (!loop.is(Kind::for_statement)) return std::nullopt;
  Node init = loop.field(Field::initializer);
  Node cond = loop.field(Field::condition);
  Node incr = loop.field(Field::increment);
  if (cond.is(Kind::expression_statement)) cond = cond.named(0);
  if (!init || !cond || !incr) return std::nullopt;
  Node declarator = init.named(0);
  if (!declarator.is(Kind::variable_declarator)) return std::nullopt;
  const std::string_view var = impl.text(declarator.field(Field::name));
  const auto start = impl.upper_bound(declarator.field(Field::value));
  if (!start || !cond.is(Kind::binary_expression)) return std::nullopt;
  const std::string_view op = impl.text(cond.field(Field::operator_));
  if (impl.text(cond.field(Field::left)) != var || (op != "<" && op != "<=")) return std::nullopt;
  const auto end = impl.upper_bound(cond.field(Field::right));
  if (!end || std::isinf(*end)) return std::nullopt;
  if (capped && impl.min_capped(cond.field(Field::right))) *capped = true;
  double step = 0;
  const std::string_view inc = impl.text(incr);
  if (inc == std::string(var) + "++" || inc == "++" + std::string(var)) {
    step = 1;
  } else if (incr.is(Kind::augmented_assignment_expression) && impl.text(incr.field(Field::left)) == var &&
             impl.text(incr.field(Field::operator_)) == "+=") {
    step = impl.upper_bound(incr.field(Field::right)).value_or(0);
  }
  if (step <= 0) return std::nullopt;
  const double span = *end - *start + (op == "<=" ? 1 : 0);
  return span <= 0 ? 0 : std::ceil(span / step);
}

}  // namespace

Verdict Semantic::Impl::fanout(Node collection, bool task_factories) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return with_extent(Extent::unknown);
  Node e = sem::unwrap(collection);
  switch (e.kind()) {
    case Kind::array: {
      // Rule 4: a literal is bounded unless it spreads an unbounded source.
      Verdict out = with_extent(Extent::bounded);
      for (std::uint32_t i = 0; i < e.named_count(); ++i) {
        Node el = e.named(i);
        if (el.is(Kind::spread_element)) merge(out, fanout(el.named(0), task_factories));
      }
      if (out.extent == Extent::unbounded && !out.steps.empty()) out.map_call = {};
      return out;
    }
    case Kind::identifier: {
      const sem::Binding b = resolve(e);
      const std::string name(text(e));
      if (!b) return with_extent(Extent::unknown, fmt::format("`{}` is not declared in this file", name));
      switch (b.kind) {
        case sem::BindingKind::import:
          return with_extent(Extent::unknown, fmt::format("`{}` is imported", name));
        case sem::BindingKind::param: {
          if (b.destructured) return with_extent(Extent::unknown, fmt::format("`{}` is a parameter", name));
          if (in_progress.contains(sem::key(b.name))) return with_extent(Extent::bounded);
          const auto calls = calls_to(b.function);
          if (calls.empty()) {
            return with_extent(Extent::unknown,
                               fmt::format("`{}` is a parameter that no call in this file feeds", name));
          }
          in_progress.insert(sem::key(b.name));
          Verdict out = with_extent(Extent::bounded);
          for (Node call : calls) {
            const auto args = sem::arguments_of(call);
            if (b.param_index >= args.size()) continue;
            Node arg = args[b.param_index];
            Verdict v = arg.is(Kind::spread_element) ? with_extent(Extent::unknown) : fanout(arg, task_factories);
            if (v.extent == Extent::unbounded) {
              const Position at = file.position(call.start());
              v.steps.push_back(Step{{arg.start(), arg.end()},
                                     fmt::format("`{}` is fed here by a call at line {}", name, at.line)});
              const Position from = file.position(v.steps.front().span.start);
              v.origin = fmt::format("{} at line {}, passed in by the call at line {}", v.origin, from.line, at.line);
              v.map_call = {};
            }
            merge(out, std::move(v));
            if (out.extent == Extent::unbounded) break;
          }
          in_progress.erase(sem::key(b.name));
          return out;
        }
        case sem::BindingKind::const_:
        case sem::BindingKind::let:
        case sem::BindingKind::var: {
          if (b.destructured) return with_extent(Extent::unknown, fmt::format("`{}` is destructured", name));
          if (in_progress.contains(sem::key(b.name))) return with_extent(Extent::bounded);
          in_progress.insert(sem::key(b.name));
          const auto& u = uses(b);
          Verdict out = with_extent(b.value ? Extent::bounded : Extent::bounded);
          bool array_seed = false;
          auto consider = [&](Node value) {
            Node v = sem::unwrap(value);
            if (v.is(Kind::array) || (v.is(Kind::new_expression) && text(v.field(Field::constructor)) == "Array") ||
                (v.is(Kind::call_expression) && text(v.field(Field::function)) == "Array")) {
              array_seed = true;
            }
            Verdict d = fanout(value, task_factories);
            if (d.extent == Extent::unbounded && !d.steps.empty()) {
              d.steps.front().label = fmt::format("`{}` {}", name, d.steps.front().label);
            }
            merge(out, std::move(d));
          };
          if (b.value) consider(b.value);
          for (Node v : u.assigned_values) consider(v);
          if (array_seed && !u.pushes.empty() && out.extent != Extent::unbounded) {
            merge(out, pushes_verdict(b, collection, task_factories));
          }
          in_progress.erase(sem::key(b.name));
          out.map_call = {};  // only a `.map` written inside the sink is rewritten
          return out;
        }
        default:
          return with_extent(Extent::unknown, fmt::format("`{}` is not a local collection", name));
      }
    }
    case Kind::call_expression:
      return fanout_call(e, task_factories);
    case Kind::ternary_expression: {
      Verdict out = fanout(e.field(Field::consequence), task_factories);
      merge(out, fanout(e.field(Field::alternative), task_factories));
      return out;
    }
    case Kind::binary_expression: {
      const std::string_view op = text(e.field(Field::operator_));
      if (op != "??" && op != "||" && op != "&&") return with_extent(Extent::unknown);
      Verdict out = fanout(e.field(Field::left), task_factories);
      merge(out, fanout(e.field(Field::right), task_factories));
      return out;
    }
    case Kind::await_expression:
      return fanout(e.named(0), task_factories);
    case Kind::sequence_expression:
      return fanout(e.named(e.named_count() - 1), task_factories);
    case Kind::new_expression:
      if (text(e.field(Field::constructor)) == "Array") return with_extent(Extent::bounded);
      return with_extent(Extent::unknown);
    case Kind::member_expression:
    case Kind::subscript_expression:
      return with_extent(Extent::unknown, fmt::format("`{}` comes from outside this function", wording::short_code(text(e))));
    case Kind::object:
      // async.parallel({ a: taskA, b: taskB }): a fixed set of named tasks.
      return with_extent(Extent::bounded);
    default:
      return with_extent(Extent::unknown);
  }
}

Verdict Semantic::Impl::map_like(Node call, Node receiver, Node cb, std::string_view how,
                                 bool task_factories) const {
  // Rule 5: once a `.map` has started the work, what comes after bounds
  // nothing. When this map starts work too, it is the one to name.
  Verdict rv = fanout(receiver, task_factories);
  const CallbackFacts facts = callback(cb, task_factories);
  const bool own_work = facts.starts_work && !facts.limited;
  if (rv.extent == Extent::unbounded && !own_work) return rv;
  if (facts.limited) return with_extent(Extent::bounded);
  if (!facts.starts_work) return rv;
  const Size s = size(receiver);
  if (s.bounded && (s.window || s.count <= options.max_literal_elements)) {
    return rv.extent == Extent::unbounded ? rv : with_extent(Extent::bounded);
  }
  Verdict v = with_extent(Extent::unbounded);
  const std::string over = wording::short_code(text(sem::unwrap(receiver)));
  v.origin = s.bounded ? fmt::format("{} over {} elements, more than `max-literal-elements` ({})", how, s.count,
                                     options.max_literal_elements)
                       : fmt::format("{} over `{}`", how, over);
  v.work = facts.work;
  v.over = over;
  Node callee = sem::unwrap(call.field(Field::function));
  Node at = callee.is(Kind::member_expression) ? callee.field(Field::property) : callee;
  v.steps.push_back(Step{{at.start(), call.end()},
                         fmt::format("comes from {}{}", v.origin,
                                     facts.work.empty() ? "" : fmt::format(", which starts `{}` per element", facts.work))});
  v.map_call = call;
  v.callback = cb;
  return v;
}

Verdict Semantic::Impl::fanout_call(Node call, bool task_factories) const {
  Node callee = sem::unwrap(call.field(Field::function));
  const auto args = sem::arguments_of(call);
  const std::string unknown_origin = fmt::format("`{}` returns it", wording::short_code(text(callee)));
  if (callee.is(Kind::identifier)) {
    const LibraryBinding lib = library_of(callee);
    if (lib.library == Library::lodash) {
      if ((lib.member == "map" || lib.member == "flatMap") && args.size() >= 2) {
        return map_like(call, args[0], args[1], fmt::format("`{}`", text(callee)), task_factories);
      }
      if (lib.member == "flatten" || lib.member == "flattenDeep" || lib.member == "flattenDepth" ||
          lib.member == "compact" || lib.member == "uniq" || lib.member == "filter") {
        if (!args.empty()) return fanout(args[0], task_factories);
      }
    }
    return returned_fanout(callee, task_factories, unknown_origin);
  }
  if (!callee.is(Kind::member_expression)) return with_extent(Extent::unknown, unknown_origin);
  Node object = sem::unwrap(callee.field(Field::object));
  const std::string_view m = text(callee.field(Field::property));

  if ((m == "map" || m == "flatMap") && !args.empty()) {
    const LibraryBinding lib = library_of(object);
    if (lib.library == Library::lodash && lib.member.empty()) {
      if (args.size() >= 2) return map_like(call, args[0], args[1], fmt::format("`_.{}`", m), task_factories);
      return with_extent(Extent::unknown, unknown_origin);
    }
    if (lib.library != Library::none) return with_extent(Extent::unknown, unknown_origin);
    return map_like(call, object, args[0], fmt::format("`.{}`", m), task_factories);
  }
  if (m == "from" && text(object) == "Array" && !resolve(object)) {
    if (args.size() >= 2) return map_like(call, args[0], args[1], "`Array.from`", task_factories);
    if (args.size() == 1) return fanout(args[0], task_factories);
    return with_extent(Extent::bounded);
  }
  {
    const LibraryBinding lib = library_of(object);
    if (lib.library == Library::lodash && lib.member.empty()) {
      if (m == "flatten" || m == "flattenDeep" || m == "flattenDepth" || m == "compact" || m == "uniq" ||
          m == "filter") {
        if (!args.empty()) return fanout(args[0], task_factories);
      }
      return with_extent(Extent::unknown, unknown_origin);
    }
  }
  if (keeps_elements(m)) {
    Verdict v = fanout(object, task_factories);
    if (m == "concat") {
      // concat(E.map(cb), other()): only an unbounded argument matters.
      for (Node a : args) {
        Verdict av = fanout(a, task_factories);
        if (av.extent == Extent::unbounded) merge(v, std::move(av));
      }
    }
    if (v.extent == Extent::unbounded) v.map_call = {};
    return v;
  }
  if ((m == "reduce" || m == "reduceRight") && !args.empty()) {
    // Rule 1's note: `reduce((acc, x) => { acc.push(call(x)); return acc }, [])`.
    Node fn = sem::unwrap(args[0]);
    if (sem::is_function_like(fn.kind())) {
      const auto params = sem::parameters_of(fn);
      if (!params.empty() && params[0].is(Kind::identifier)) {
        const std::string_view acc = text(params[0]);
        Node push_call;
        CallbackFacts facts;
        walk(fn.field(Field::body), [&](Node n) {
          if (push_call) return false;
          if (n.is(Kind::call_expression)) {
            Node c = sem::unwrap(n.field(Field::function));
            if (c.is(Kind::member_expression) && text(c.field(Field::object)) == acc &&
                text(c.field(Field::property)) == "push") {
              for (Node a : sem::arguments_of(n)) {
                if (push_starts_work(a, task_factories, &facts)) push_call = n;
              }
            }
          }
          return true;
        });
        if (push_call && !bounded_for_map(object)) {
          Verdict v = with_extent(Extent::unbounded, fmt::format("`push` inside a `.{}` callback over `{}`", m,
                                                                  wording::short_code(text(object))));
          v.work = facts.work;
          v.over = wording::short_code(text(object));
          v.steps.push_back(Step{{push_call.start(), push_call.end()},
                                 fmt::format("is filled here, once per element of `{}`", wording::short_code(text(object)))});
          return v;
        }
      }
    }
    return with_extent(Extent::unknown, unknown_origin);
  }
  return with_extent(Extent::unknown, unknown_origin);
}

Verdict Semantic::Impl::returned_fanout(Node callee, bool task_factories, const std::string& unknown_origin) const {
  // A helper declared in this file: what it returns (deeper than semantics.md
  // requires, as a reviewer reading the helper would).
  Node fn;
  const sem::Binding b = resolve(callee);
  if (b.kind == sem::BindingKind::function) fn = b.declaration;
  if ((b.kind == sem::BindingKind::const_ || b.kind == sem::BindingKind::let) && !b.destructured &&
      sem::is_function_like(sem::unwrap(b.value).kind())) {
    fn = sem::unwrap(b.value);
  }
  if (!fn || in_progress.contains(sem::key(fn))) return with_extent(Extent::unknown, unknown_origin);
  in_progress.insert(sem::key(fn));
  Verdict out = with_extent(Extent::unknown, unknown_origin);
  Node body = fn.field(Field::body);
  std::vector<Node> returned;
  if (!body.is(Kind::statement_block)) {
    returned.push_back(body);
  } else {
    walk(body, [&](Node n) {
      if (n != body && sem::is_function_like(n.kind())) return false;
      if (n.is(Kind::return_statement) && n.named_count() > 0) returned.push_back(n.named(0));
      return true;
    });
  }
  for (Node r : returned) {
    Verdict v = fanout(r, task_factories);
    if (v.extent == Extent::unbounded) {
      v.origin = fmt::format("{}, returned by `{}`", v.origin, text(callee));
      v.map_call = {};
      out = std::move(v);
      break;
    }
  }
  in_progress.erase(sem::key(fn));
  return out;
}

bool Semantic::Impl::push_starts_work(Node arg, bool task_factories, CallbackFacts* facts) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return false;
  Node a = sem::unwrap(arg);
  switch (a.kind()) {
    case Kind::call_expression:
    case Kind::new_expression: {
      if (a.is(Kind::call_expression) && (is_limiter_call(a) || is_pure_call(a))) return false;
      CallbackFacts local;
      CallbackFacts* f = facts ? facts : &local;
      // The call itself is the work; name it like a callback's work.
      const bool work = starts_work(a, f);
      return work;
    }
    case Kind::ternary_expression:
      return push_starts_work(a.field(Field::consequence), task_factories, facts) ||
             push_starts_work(a.field(Field::alternative), task_factories, facts);
    case Kind::identifier: {
      const sem::Binding b = resolve(a);
      if ((b.kind == sem::BindingKind::const_ || b.kind == sem::BindingKind::let) && b.value && !b.destructured &&
          !in_progress.contains(sem::key(b.name))) {
        in_progress.insert(sem::key(b.name));
        const bool work = push_starts_work(b.value, task_factories, facts);
        in_progress.erase(sem::key(b.name));
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

Verdict Semantic::Impl::pushes_verdict(const sem::Binding& binding, Node sink, bool task_factories) const {
  const auto& u = uses(binding);
  const std::string name(text(binding.name));
  double total = 0;
  bool unknown = false;
  for (Node push : u.pushes) {
    // Only pushes that run before the sink: earlier in the text, or in a loop around both.
    bool shares_loop = false;
    const std::vector<Node> chain = push.ancestors();
    for (auto it = chain.rbegin(); it != chain.rend() && *it != binding.scope; ++it) {
      if (is_loop(it->kind()) && it->contains(sink)) shares_loop = true;
    }
    if (push.start() > sink.start() && !shares_loop) continue;

    bool work = false;
    CallbackFacts facts;
    for (Node arg : sem::arguments_of(push)) {
      if (arg.is(Kind::spread_element)) {
        Verdict sv = fanout(arg.named(0), task_factories);
        if (sv.extent == Extent::unbounded) return sv;
        continue;
      }
      if (push_starts_work(arg, task_factories, &facts)) work = true;
    }
    if (!work) continue;

    // Which loops run this push? Walk up to the array's own scope: an array
    // declared inside a loop body is a fresh one each iteration.
    double multiplier = 1;
    bool capped = false;  // a `Math.min` cap: a worker pool, bounded whatever its size
    Node unbounded_loop;
    std::string loop_label;
    for (auto it = chain.rbegin(); it != chain.rend() && *it != binding.scope; ++it) {
      const Node a = *it;
      if (is_loop(a.kind())) {
        if (auto count = loop_count(a, *this, &capped)) {
          multiplier *= *count;
        } else if (!unbounded_loop) {
          unbounded_loop = a;
          loop_label = loop_name(a, file);
        }
      } else if (sem::is_function_like(a.kind())) {
        // The chain holds the parents: no parent() walks from the root.
        const auto up = [&](std::size_t n) { return chain.rend() - it > static_cast<long>(n) ? it[n] : Node{}; };
        Node args = up(1);
        Node call = up(2);
        std::string_view method;
        if (args.is(Kind::arguments) && call.is(Kind::call_expression)) method = sem::member_name(call, file);
        if (is_iteration_method(method)) {
          if (!unbounded_loop) {
            unbounded_loop = a;
            loop_label = fmt::format("`.{}` callback", method);
          }
        } else {
          // Pushed from a function that may run any number of times.
          unknown = true;
          break;
        }
      }
    }
    if (unknown) continue;
    if (unbounded_loop) {
      // The manual batching pattern: reset inside the loop once the array
      // reaches a constant size (semantics.md, Pushes).
      bool reset_in_loop = false;
      for (Node r : u.resets) reset_in_loop = reset_in_loop || unbounded_loop.contains(r);
      bool size_checked = false;
      if (reset_in_loop) {
        walk(unbounded_loop, [&](Node n) {
          if (size_checked) return false;
          if (n.is(Kind::binary_expression)) {
            const std::string_view l = text(n.field(Field::left));
            const std::string_view r = text(n.field(Field::right));
            const std::string length = name + ".length";
            if ((l == length && upper_bound(n.field(Field::right))) || (r == length && upper_bound(n.field(Field::left)))) {
              size_checked = true;
            }
          }
          return true;
        });
      }
      if (reset_in_loop && size_checked) continue;
      Verdict v = with_extent(Extent::unbounded, fmt::format("`push` inside a {}", loop_label));
      v.work = facts.work;
      v.over = name;
      v.steps.push_back(Step{{push.start(), push.end()}, fmt::format("`{}` is filled here, inside a {}", name, loop_label)});
      return v;
    }
    if (!capped) total += multiplier;
  }
  if (total > options.max_literal_elements) {
    Verdict v = with_extent(Extent::unbounded,
                            fmt::format("{} pushes in counted loops, more than `max-literal-elements` ({})", total,
                                        options.max_literal_elements));
    v.over = name;
    if (!u.pushes.empty()) {
      v.steps.push_back(Step{{u.pushes.front().start(), u.pushes.front().end()},
                             fmt::format("`{}` is filled here, {} times", name, total)});
    }
    return v;
  }
  return with_extent(unknown ? Extent::unknown : Extent::bounded);
}

}  // namespace fanout
