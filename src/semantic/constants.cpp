// Constants (semantics.md, Clarifications: Constants): the upper bound of a
// numeric expression, `Math.min` caps, and how often a counted loop runs.
#include <cmath>
#include <limits>

#include "semantic/internal.hpp"

namespace fanout::sem {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

namespace {

// A number literal's value (`1_000`, `0x10`).
std::optional<double> number_value(std::string_view literal) {
  std::string digits;
  for (char c : literal) {
    if (c != '_') digits += c;
  }
  try {
    std::size_t used = 0;
    return (digits.starts_with("0x") || digits.starts_with("0X"))
               ? static_cast<double>(std::stoull(digits.substr(2), &used, 16))
               : std::stod(digits, &used);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<double> Engine::upper_bound(Node expression) const {
  DepthGuard guard(*this);
  if (guard.exceeded()) return std::nullopt;
  Node e = expression.unwrapped();
  switch (e.kind()) {
    case Kind::number:
      return number_value(text(e));
    case Kind::identifier:
      return bound_of_name(e);
    case Kind::member_expression: {
      const std::string_view t = text(e);
      if (t == "Number.POSITIVE_INFINITY") return kInfinity;
      if (t == "Number.MAX_SAFE_INTEGER" || t == "Number.MAX_VALUE") return kInfinity;
      return std::nullopt;
    }
    case Kind::call_expression:
      return bound_of_call(e);
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

std::optional<double> Engine::bound_of_name(Node identifier) const {
  const Binding b = resolve(identifier);
  if (!b) {
    if (text(identifier) == "Infinity") return kInfinity;
    return std::nullopt;
  }
  if (b.destructured) return std::nullopt;
  if (b.kind == BindingKind::const_ && b.value) return upper_bound(b.value);
  if ((b.kind == BindingKind::let || b.kind == BindingKind::var) && b.value && uses(b).assigned_values.empty()) {
    return upper_bound(b.value);
  }
  if (b.kind != BindingKind::param) return std::nullopt;
  // Every call in the file feeds a constant: bounded by the largest.
  const auto calls = calls_to(b.function);
  // `limit = 4` (JS) or `limit: number = 4` (TypeScript).
  const Node fallback = b.declaration.is(Kind::assignment_pattern) ? b.declaration.field(Field::right)
                        : (b.declaration.is(Kind::required_parameter) || b.declaration.is(Kind::optional_parameter))
                            ? b.declaration.field(Field::value)
                            : Node{};
  if (in_progress.contains(key(b.name))) return std::nullopt;
  // An exported function nobody here calls: its default is the intended bound.
  if (calls.empty()) return fallback ? upper_bound(fallback) : std::nullopt;
  in_progress.insert(key(b.name));
  std::optional<double> best;
  for (Node call : calls) {
    const auto args = call.arguments();
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
  in_progress.erase(key(b.name));
  return best;
}

std::optional<double> Engine::bound_of_call(Node call) const {
  const std::string_view callee = text(call.field(Field::function).unwrapped());
  const auto args = call.arguments();
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

bool Engine::min_capped(Node expression) const {
  // `Math.min(n, K)`, directly or through a const: a deliberate cap, like a
  // window, bounded whatever K is (a worker pool of K workers).
  Node e = expression.unwrapped();
  for (int hops = 0; hops < 4 && e.is(Kind::identifier); ++hops) {
    const Binding b = resolve(e);
    if (b.kind != BindingKind::const_ || !b.value) return false;
    e = b.value.unwrapped();
  }
  return e.is(Kind::call_expression) && text(e.field(Field::function).unwrapped()) == "Math.min";
}

std::optional<double> Engine::loop_count(Node loop, bool* capped) const {
  if (!loop.is(Kind::for_statement)) return std::nullopt;
  Node init = loop.field(Field::initializer);
  Node cond = loop.field(Field::condition);
  Node incr = loop.field(Field::increment);
  if (cond.is(Kind::expression_statement)) cond = cond.named(0);
  if (!init || !cond || !incr) return std::nullopt;
  Node declarator = init.named(0);
  if (!declarator.is(Kind::variable_declarator)) return std::nullopt;
  const std::string_view var = text(declarator.field(Field::name));
  const auto start = upper_bound(declarator.field(Field::value));
  if (!start || !cond.is(Kind::binary_expression)) return std::nullopt;
  const std::string_view op = text(cond.field(Field::operator_));
  if (text(cond.field(Field::left)) != var || (op != "<" && op != "<=")) return std::nullopt;
  const auto end = upper_bound(cond.field(Field::right));
  if (!end || std::isinf(*end)) return std::nullopt;
  if (capped && min_capped(cond.field(Field::right))) *capped = true;
  double step = 0;
  const std::string_view inc = text(incr);
  if (inc == std::string(var) + "++" || inc == "++" + std::string(var)) {
    step = 1;
  } else if (incr.is(Kind::augmented_assignment_expression) && text(incr.field(Field::left)) == var &&
             text(incr.field(Field::operator_)) == "+=") {
    step = upper_bound(incr.field(Field::right)).value_or(0);
  }
  if (step <= 0) return std::nullopt;
  const double span = *end - *start + (op == "<=" ? 1 : 0);
  return span <= 0 ? 0 : std::ceil(span / step);
}


}  // namespace fanout::sem
