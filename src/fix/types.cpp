// TypeScript: a rewritten file type-checks wherever the original did
// (semantics.md, When a rewrite is safe: Types). `E.map(cb)` types cb's
// element from E, even when E is `any`; `Bluebird.mapSeries(E, cb)` and
// `pMap(E, cb)` infer the element from E, and `any` becomes `unknown`. The
// element type is written back as `(typeof E)[number]`, which is exactly
// what `.map` gave the parameter.
#include <fmt/format.h>

#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

std::string_view slice(std::string_view text, Node node) { return text.substr(node.start(), node.end() - node.start()); }

// `rows`, `this.rows`, `db.rows`: a name TypeScript's `typeof` can query.
bool type_queryable(Node e, std::string_view text) {
  const Node u = e.unwrapped();
  if (u.is(Kind::identifier)) return true;
  if (!u.is(Kind::member_expression)) return false;
  for (Node o = u; o; o = o.field(Field::object).unwrapped()) {
    if (o.is(Kind::identifier)) return slice(text, o) != "this";
    if (!o.is(Kind::member_expression) || !o.field(Field::property).is(Kind::property_identifier)) return false;
  }
  return false;
}

// Is the collection declared with a type that is not `any`/`unknown`, or
// made by a call whose result is a typed Array?
bool visibly_typed(Node collection, const Modules& modules) {
  const std::string_view text = modules.text;
  const Node e = collection.unwrapped();
  if (e.is(Kind::call_expression)) {
    const std::string_view callee = slice(text, e.field(Field::function));
    return callee == "Object.keys" || callee == "Object.entries" || callee == "Object.getOwnPropertyNames";
  }
  if (!e.is(Kind::identifier)) return false;
  const std::optional<Declaration> best = innermost_declaration(modules, slice(text, e), e);
  if (!best) return false;
  const Node holder = best->name.parent();
  const Node type = type_annotation_of(holder);
  if (!type) return false;
  std::string_view t = slice(text, type);
  while (!t.empty() && (t.front() == ':' || t.front() == ' ')) t.remove_prefix(1);
  return !(t.starts_with("any") || t.starts_with("unknown"));
}

}  // namespace

Typing element_type_edits(const Shape& shape, const Modules& modules) {
  Typing out;
  if (!modules.typescript || !(shape.callback == shape.function)) return out;  // a reference keeps its own types
  const std::string_view text = modules.text;
  const auto params = shape.function.parameters();
  if (params.empty()) return out;
  const Node first = params[0];
  const Node pattern = plain_pattern(first);
  if (!pattern) return out;  // annotated (or defaulted): its type is its own
  if (shape.array_from || visibly_typed(shape.collection, modules)) return out;
  if (!type_queryable(shape.collection, text)) {
    out.refusal = fmt::format("the callback's parameter `{}` takes its type from `{}` under `.map`, and a library "
                              "call over an untyped collection would make it `unknown`",
                              slice(text, pattern), slice(text, shape.collection));
    return out;
  }
  const std::string type = fmt::format("(typeof {})[number]", slice(text, shape.collection.unwrapped()));
  // `row => ...` has no parentheses to hold a type.
  const bool bare = shape.function.is(Kind::arrow_function) && shape.function.field(Field::parameter) == first;
  if (bare) {
    out.edits.push_back(Edit{.start = first.start(), .end = first.start(), .replacement = "("});
    out.edits.push_back(Edit{.start = first.end(), .end = first.end(), .replacement = fmt::format(": {})", type)});
  } else {
    out.edits.push_back(Edit{.start = pattern.end(), .end = pattern.end(), .replacement = fmt::format(": {}", type)});
  }
  return out;
}

bool used_in_closure(const Modules& modules, std::string_view name, Node scope, Node declaration) {
  const std::string_view text = modules.text;
  const std::vector<std::uint32_t> offsets = name_occurrences(text, name, scope.start(), scope.end());
  bool found = false;
  walk_around(scope, offsets, [&](Node n) {
    if (found) return false;
    if (n.is(Kind::identifier) && slice(text, n) == name && !declaration.contains(n)) {
      const std::vector<Node> chain = n.ancestors();
      for (auto it = chain.rbegin(); it != chain.rend() && !(*it == scope); ++it) {
        if (is_function_like(*it)) {
          found = true;
          break;
        }
      }
    }
    return true;
  });
  return found;
}

}  // namespace fanout::fixer
