// Is a collection of started work unbounded? (semantics.md: Unbounded sources,
// Bounded, Clarifications.) `fanout()` follows bindings, assignments, pushes,
// wrappers and parameters; `size()` decides whether a mapped collection has a
// constant size; `upper_bound()` evaluates constants.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

std::optional<double> Semantic::Impl::upper_bound(Node expression) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return std::nullopt;
  Node e = sem::unwrap(expression);
  switch (e.kind()) {
    case Kind::number: {
      std::string digits;
      for (char c : text(e)) {
        if (c != '_') digits += c;
      }
      try {
        std::size_t used = 0;
        const double value = (digits.starts_with("0x") || digits.starts_with("0X"))
                                 ? static_cast<double>(std::stoull(digits.substr(2), &used, 16))
                                 : std::stod(digits, &used);
        return value;
      } catch (...) {
        return std::nullopt;
      }
    }
    case Kind::identifier: {
      const sem::Binding b = resolve(e);
      if (!b) {
        if (text(e) == "Infinity") return kInfinity;
        return std::nullopt;
      }
      if (b.destructured) return std::nullopt;
      if (b.kind == sem::BindingKind::const_ && b.value) return upper_bound(b.value);
      if ((b.kind == sem::BindingKind::let || b.kind == sem::BindingKind::var) && b.value &&
          uses(b).assigned_values.empty()) {
        return upper_bound(b.value);
      }
      if (b.kind == sem::BindingKind::param) {
        // Every call in the file feeds a constant: bounded by the largest.
        const auto calls = calls_to(b.function);
        // `limit = 4` (JS) or `limit: number = 4` (TypeScript).
        const Node fallback = b.declaration.is(Kind::assignment_pattern) ? b.declaration.field(Field::right)
                              : (b.declaration.is(Kind::required_parameter) || b.declaration.is(Kind::optional_parameter))
                                  ? b.declaration.field(Field::value)
                                  : Node{};
        if (in_progress.contains(sem::key(b.name))) return std::nullopt;
        // An exported function nobody here calls: its default is the intended bound.
        if (calls.empty()) return fallback ? upper_bound(fallback) : std::nullopt;
        in_progress.insert(sem::key(b.name));
        std::optional<double> best;
        for (Node call : calls) {
          const auto args = sem::arguments_of(call);
          // A call that leaves the argument out gets the parameter's default.
          std::optional<double> v = b.param_index < args.size() ? upper_bound(args[b.param_index])
                                    : fallback                 ? upper_bound(fallback)
                                                               : std::nullopt;
          if (!v) {
            best.reset();
            break;
          }
          best = best ? std::max(*best, *v) : *v;
        }
        in_progress.erase(sem::key(b.name));
        return best;
      }
      return std::nullopt;
    }
    case Kind::member_expression: {
      const std::string_view t = text(e);
      if (t == "Number.POSITIVE_INFINITY") return kInfinity;
      if (t == "Number.MAX_SAFE_INTEGER" || t == "Number.MAX_VALUE") return kInfinity;
      return std::nullopt;
    }
    case Kind::call_expression: {
      const std::string_view callee = text(sem::unwrap(e.field(Field::function)));
      const auto args = sem::arguments_of(e);
      if (callee == "Math.min") {
        // Any constant argument caps the result.
        std::optional<double> best;
        for (Node a : args) {
          if (auto v = upper_bound(a)) best = best ? std::min(*best, *v) : *v;
        }
        return best;
      }
      if (callee == "Math.max") {
        std::optional<double> best;
        for (Node a : args) {
          auto v = upper_bound(a);
          if (!v) return std::nullopt;
          best = best ? std::max(*best, *v) : *v;
        }
        return best;
      }
      if ((callee == "Math.floor" || callee == "Math.round" || callee == "Math.trunc" || callee == "Math.ceil" ||
           callee == "Number" || callee == "parseInt") &&
          !args.empty()) {
        auto v = upper_bound(args[0]);
        if (v && callee == "Math.ceil") *v = std::ceil(*v);
        return v;
      }
      return std::nullopt;
    }
    case Kind::binary_expression: {
      const std::string_view op = text(e.field(Field::operator_));
      auto l = upper_bound(e.field(Field::left));
      auto r = upper_bound(e.field(Field::right));
      if (!l || !r) return std::nullopt;
      if (op == "+") return *l + *r;
      if (op == "*") return *l * *r;
      if (op == "-") return *l - *r;  // exact constants only in practice
      if (op == "/" && *r != 0) return *l / *r;
      return std::nullopt;
    }
    case Kind::ternary_expression: {
      auto a = upper_bound(e.field(Field::consequence));
      auto b = upper_bound(e.field(Field::alternative));
      if (!a || !b) return std::nullopt;
      return std::max(*a, *b);
    }
    default:
      return std::nullopt;
  }
}

Semantic::Impl::Size Semantic::Impl::size(Node collection) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return {};
  Node e = sem::unwrap(collection);
  const auto bounded = [](double count, bool window = false) { return Size{true, count, window}; };
  switch (e.kind()) {
    case Kind::array: {
      double count = 0;
      for (std::uint32_t i = 0; i < e.named_count(); ++i) {
        Node el = e.named(i);
        if (el.is(Kind::comment)) continue;
        if (el.is(Kind::spread_element)) {
          const Size inner = size(el.named(0));
          if (!inner.bounded) return {};
          count += inner.count;
        } else {
          count += 1;
        }
      }
      return bounded(count);
    }
    case Kind::identifier: {
      const sem::Binding b = resolve(e);
      if (!b || in_progress.contains(sem::key(b.name))) return {};
      in_progress.insert(sem::key(b.name));
      Size out;
      if (b.kind == sem::BindingKind::loop_var) {
        // `for (const group of chunk(items, 20))`: each group is a window.
        Node source = sem::unwrap(b.value);
        if (source.is(Kind::call_expression)) {
          Node callee = sem::unwrap(source.field(Field::function));
          std::string_view name = text(callee);
          if (const auto dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
          const LibraryBinding lib = library_of(callee);
          if (name == "chunk" || name == "chunks" || name == "batch" || name == "batches" ||
              (lib.library == Library::lodash && lib.member == "chunk")) {
            const auto args = sem::arguments_of(source);
            const auto k = args.size() >= 2 ? upper_bound(args[1]) : std::nullopt;
            out = bounded(k.value_or(kInfinity), true);
          }
        }
      } else if (b.kind == sem::BindingKind::param && !b.destructured) {
        // A team's batching helper hands its callback bounded chunks.
        Node fn = b.function;
        Node args = fn.parent();
        Node call = args.parent();
        if (args.is(Kind::arguments) && call.is(Kind::call_expression)) {
          const std::string_view callee = text(sem::unwrap(call.field(Field::function)));
          const auto list = sem::arguments_of(call);
          for (const auto& helper : options.batch_helpers) {
            if (callee == helper.callee && helper.callback_arg < list.size() && list[helper.callback_arg] == fn) {
              out = bounded(kInfinity, true);
            }
          }
        }
        if (!out.bounded) {
          const auto calls = calls_to(fn);
          double count = 0;
          bool all = !calls.empty();
          for (Node c : calls) {
            const auto list = sem::arguments_of(c);
            if (b.param_index >= list.size()) continue;
            const Size s = size(list[b.param_index]);
            if (!s.bounded) {
              all = false;
              break;
            }
            count = std::max(count, s.count);
            out.window = out.window || s.window;
          }
          if (all) out = bounded(count, out.window);
        }
      } else if ((b.kind == sem::BindingKind::const_ || b.kind == sem::BindingKind::let ||
                  b.kind == sem::BindingKind::var) &&
                 b.value && !b.destructured) {
        const auto& u = uses(b);
        out = size(b.value);
        for (Node v : u.assigned_values) {
          if (!out.bounded) break;
          const Size s = size(v);
          out = s.bounded ? bounded(std::max(out.count, s.count), out.window && s.window) : Size{};
        }
        if (out.bounded && !u.pushes.empty()) out = {};
      }
      in_progress.erase(sem::key(b.name));
      return out;
    }
    case Kind::new_expression: {
      const std::string_view ctor = text(e.field(Field::constructor));
      Node args = e.field(Field::arguments);
      const auto list = args ? sem::arguments_of(e) : std::vector<Node>{};
      if (ctor == "Array") {
        if (list.size() == 1) {
          if (auto k = upper_bound(list[0])) return bounded(*k, min_capped(list[0]));
          return {};
        }
        return bounded(static_cast<double>(list.size()));
      }
      if ((ctor == "Set" || ctor == "Map") && list.size() == 1) return size(list[0]);
      return {};
    }
    case Kind::call_expression: {
      Node callee = sem::unwrap(e.field(Field::function));
      const auto args = sem::arguments_of(e);
      if (callee.is(Kind::identifier) && text(callee) == "Array" && !resolve(callee)) {
        if (args.size() == 1) {
          if (auto k = upper_bound(args[0])) return bounded(*k, min_capped(args[0]));
          return {};
        }
        return bounded(static_cast<double>(args.size()));
      }
      if (!callee.is(Kind::member_expression)) return {};
      Node object = sem::unwrap(callee.field(Field::object));
      const std::string_view m = text(callee.field(Field::property));
      const std::string_view obj = text(object);
      if (obj == "Array" && m == "from" && !args.empty()) {
        Node source = sem::unwrap(args[0]);
        if (source.is(Kind::object)) {
          for (std::uint32_t i = 0; i < source.named_count(); ++i) {
            Node pair = source.named(i);
            if (pair.is(Kind::pair) && text(pair.field(Field::key)) == "length") {
              if (auto k = upper_bound(pair.field(Field::value))) return bounded(*k, min_capped(pair.field(Field::value)));
              return {};
            }
            if (pair.is(Kind::shorthand_property_identifier) && text(pair) == "length") {
              if (auto k = upper_bound(pair)) return bounded(*k);
              return {};
            }
          }
          return {};
        }
        return size(source);
      }
      if (obj == "Array" && m == "of") return bounded(static_cast<double>(args.size()));
      if ((obj == "Object") && (m == "keys" || m == "values" || m == "entries") && args.size() == 1) {
        Node source = sem::unwrap(args[0]);
        if (source.is(Kind::identifier)) {
          // A const object literal that nothing adds keys to.
          const sem::Binding b = resolve(source);
          if (b.kind != sem::BindingKind::const_ || b.destructured || mutated(b)) return {};
          source = sem::unwrap(b.value);
        }
        if (source.is(Kind::object)) return bounded(static_cast<double>(source.named_count()));
        return {};
      }
      if (m == "slice") {
        if (args.empty()) return size(object);
        if (args.size() == 1) {
          // `slice(-5)` keeps at most five.
          Node a = sem::unwrap(args[0]);
          if (a.is(Kind::unary_expression) && text(a).starts_with("-")) {
            if (auto k = upper_bound(a.named(0))) return bounded(*k, true);
          }
          return size(object);
        }
        Node start = sem::unwrap(args[0]);
        Node end = sem::unwrap(args[1]);
        // `slice(i, i + K)`: a window of K whatever i is.
        if (end.is(Kind::binary_expression) && text(end.field(Field::operator_)) == "+") {
          Node l = sem::unwrap(end.field(Field::left));
          Node r = sem::unwrap(end.field(Field::right));
          if (text(l) == text(start)) {
            if (auto k = upper_bound(r)) return bounded(*k, true);
          }
          if (text(r) == text(start)) {
            if (auto k = upper_bound(l)) return bounded(*k, true);
          }
        }
        auto s = upper_bound(start);
        auto t = upper_bound(end);
        if (t && s && *s >= 0) return bounded(std::max(0.0, *t - *s), true);
        if (t && start.is(Kind::number)) return bounded(*t, true);
        return size(object);
      }
      if (m == "splice" && args.size() >= 2) {
        if (auto k = upper_bound(args[1])) return bounded(*k, true);
        return {};
      }
      if (m == "fill" || m == "map" || m == "filter" || m == "reverse" || m == "sort" || m == "toSorted" ||
          m == "toReversed" || m == "keys" || m == "values" || m == "entries") {
        return size(object);
      }
      if (m == "concat") {
        Size total = size(object);
        for (Node a : args) {
          if (!total.bounded) break;
          const Size s = size(a);
          total = s.bounded ? bounded(total.count + s.count, total.window && s.window) : Size{};
        }
        return total;
      }
      return {};
    }
    case Kind::object: {
      // `Array.from({ length: K }, cb)` walks K elements.
      for (std::uint32_t i = 0; i < e.named_count(); ++i) {
        Node pair = e.named(i);
        if (pair.is(Kind::pair) && text(pair.field(Field::key)) == "length") {
          if (auto k = upper_bound(pair.field(Field::value))) return bounded(*k, min_capped(pair.field(Field::value)));
          return {};
        }
        if (pair.is(Kind::shorthand_property_identifier) && text(pair) == "length") {
          const sem::Binding b = resolve_name("length", pair);
          if (b.kind == sem::BindingKind::const_ && b.value) {
            if (auto k = upper_bound(b.value)) return bounded(*k, min_capped(b.value));
          }
          return {};
        }
      }
      // Any other object literal: a fixed set of keys (async.mapValues over it).
      for (std::uint32_t i = 0; i < e.named_count(); ++i) {
        if (e.named(i).is(Kind::spread_element)) return {};
      }
      return bounded(static_cast<double>(e.named_count()));
    }
    case Kind::ternary_expression: {
      const Size a = size(e.field(Field::consequence));
      const Size b = size(e.field(Field::alternative));
      if (a.bounded && b.bounded) return bounded(std::max(a.count, b.count), a.window && b.window);
      return {};
    }
    default:
      return {};
  }
}

bool Semantic::Impl::min_capped(Node expression) const {
  // `Math.min(n, K)`, directly or through a const: a deliberate cap, like a
  // window, bounded whatever K is (a worker pool of K workers).
  Node e = sem::unwrap(expression);
  for (int hops = 0; hops < 4 && e.is(Kind::identifier); ++hops) {
    const sem::Binding b = resolve(e);
    if (b.kind != sem::BindingKind::const_ || !b.value) return false;
    e = sem::unwrap(b.value);
  }
  return e.is(Kind::call_expression) && text(sem::unwrap(e.field(Field::function))) == "Math.min";
}

bool Semantic::Impl::mutated(const sem::Binding& binding) const {
  const std::string_view name = text(binding.name);
  bool found = false;
  const Node scope = binding.scope ? binding.scope : root;
  // Every node below holds the name, so the walk visits only its occurrences' ancestors.
  walk_around(scope, name_occurrences(file.text(), name, scope.start(), scope.end()), [&](Node n) {
    if (found) return false;
    if (n.is(Kind::assignment_expression) || n.is(Kind::augmented_assignment_expression)) {
      Node left = sem::unwrap(n.field(Field::left));
      if (left.is(Kind::member_expression) || left.is(Kind::subscript_expression)) {
        Node object = sem::unwrap(left.field(Field::object));
        found = object.is(Kind::identifier) && text(object) == name;
      }
    }
    return true;
  });
  return found;
}

bool Semantic::Impl::bounded_for_map(Node receiver) const {
  const Size s = size(receiver);
  return s.bounded && (s.window || s.count <= options.max_literal_elements);
}

}  // namespace fanout
