// The clauses of semantics.md's "When a rewrite is safe" that look at the
// collection and the callback: the receiver is an Array (not a jQuery,
// cheerio, Immutable, lodash-wrapper, stream or observable collection with a
// `map` of its own), the callback does not change the collection it maps, and
// the elements are not promises that the callback settles itself.
#include <fmt/format.h>

#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

std::string_view slice(std::string_view text, Node node) { return text.substr(node.start(), node.end() - node.start()); }

enum class Kindof : std::uint8_t { array, unknown, other };

struct Receiver {
  Kindof kind = Kindof::unknown;
  std::string what;  // for `other`: "a jQuery object"
};

Receiver array() { return {Kindof::array, {}}; }
Receiver unknown() { return {Kindof::unknown, {}}; }
Receiver other(std::string what) { return {Kindof::other, std::move(what)}; }

Receiver combine(const Receiver& a, const Receiver& b) {
  if (a.kind == Kindof::other) return a;
  if (b.kind == Kindof::other) return b;
  if (a.kind == Kindof::array && b.kind == Kindof::array) return a;
  return unknown();
}

// Calls whose result is an Array whatever they are given.
bool array_maker(std::string_view callee) {
  return callee == "Object.keys" || callee == "Object.values" || callee == "Object.entries" ||
         callee == "Object.getOwnPropertyNames" || callee == "Array.from" || callee == "Array.of" ||
         callee == "Array" || callee == "Reflect.ownKeys";
}

// Methods that return a collection of their receiver's own kind.
bool same_kind_method(std::string_view method) {
  static const std::set<std::string_view> methods = {
      "map",     "filter",  "slice",    "concat",    "flat",     "flatMap",   "sort", "reverse",
      "toSorted", "toReversed", "toSpliced", "with", "fill", "copyWithin",
  };
  return methods.contains(method);
}

// Calls that make a collection with a `map` of its own.
std::string wrapper_call(std::string_view callee) {
  if (callee == "$" || callee == "jQuery" || callee == "cheerio" || callee.ends_with(".$")) return "a jQuery object";
  if (callee == "_" || callee == "lodash" || callee == "_.chain" || callee == "lodash.chain") {
    return "a lodash wrapper";
  }
  if (callee == "List" || callee == "Seq" || callee == "fromJS" || callee == "OrderedSet" || callee == "Range" ||
      callee == "Repeat" || callee.starts_with("Immutable.")) {
    return "an Immutable collection";
  }
  if (callee == "highland" || callee.ends_with("createReadStream") || callee == "Readable.from" ||
      callee.ends_with(".pipe")) {
    return "a stream";
  }
  if (callee == "of" || callee == "from" || callee == "interval" || callee == "fromEvent" ||
      callee.starts_with("Observable.") || callee.starts_with("Rx.")) {
    return "an observable";
  }
  return {};
}

std::string wrapper_type(std::string_view annotation) {
  std::string_view t = annotation;
  while (!t.empty() && (t.front() == ':' || t.front() == ' ')) t.remove_prefix(1);
  const std::size_t angle = t.find('<');
  const std::string_view head = t.substr(0, angle);
  static const std::set<std::string_view> jquery = {"JQuery", "Cheerio", "CheerioAPI"};
  static const std::set<std::string_view> immutable = {"List", "Seq", "OrderedSet", "Collection", "Immutable.List",
                                                       "Immutable.Seq", "Immutable.Collection"};
  static const std::set<std::string_view> streams = {"Readable", "Stream", "Observable", "Subject",
                                                     "BehaviorSubject", "ReplaySubject", "Highland.Stream"};
  if (jquery.contains(head)) return "a jQuery object";
  if (immutable.contains(head)) return "an Immutable collection";
  if (streams.contains(head)) return "a stream or observable";
  if (head.starts_with("LoDash") || head.starts_with("_.LoDash")) return "a lodash wrapper";
  return {};
}

// An annotation that says Array: `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>`, a tuple.
bool array_type(std::string_view annotation) {
  std::string_view t = annotation;
  while (!t.empty() && (t.front() == ':' || t.front() == ' ')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\n')) t.remove_suffix(1);
  return t.ends_with("[]") || t.starts_with("Array<") || t.starts_with("ReadonlyArray<") ||
         (t.starts_with("[") && t.ends_with("]"));
}

struct Classifier {
  const Semantic& semantic;
  const Modules& modules;
  std::string_view text;

  // The innermost declaration of the identifier `id` that covers it.
  std::optional<Declaration> declaration(Node id) const {
    return innermost_declaration(modules, slice(text, id), id);
  }

  Receiver identifier(Node id, int depth) const {
    const std::string_view name = slice(text, id);
    // Naming conventions: `$rows` holds a jQuery object, `rows$` an observable.
    if (name.size() > 1 && name.front() == '$') return other("a jQuery object (by its `$` name)");
    if (name.size() > 1 && name.back() == '$') return other("an observable (by its `$` suffix)");
    const auto d = declaration(id);
    if (!d) return unknown();
    const Node p = d->name.parent();
    if (p.is(Kind::variable_declarator) && p.field(Field::name) == d->name) {
      if (const Node type = type_annotation_of(p)) {
        if (std::string w = wrapper_type(slice(text, type)); !w.empty()) return other(std::move(w));
        if (array_type(slice(text, type))) return array();
      }
      const Node value = p.field(Field::value);
      return value ? classify(value, depth + 1) : unknown();
    }
    if (p.is(Kind::required_parameter) || p.is(Kind::optional_parameter)) {
      if (const Node type = type_annotation_of(p)) {
        if (std::string w = wrapper_type(slice(text, type)); !w.empty()) return other(std::move(w));
        if (array_type(slice(text, type))) return array();
      }
      const Node value = p.field(Field::value);
      if (value && value.is(Kind::array)) return array();
    }
    if (p.is(Kind::assignment_pattern) && p.field(Field::left) == d->name) {
      const Node value = p.field(Field::right);
      if (value && value.is(Kind::array)) return array();
    }
    return unknown();
  }

  Receiver classify(Node expression, int depth = 0) const {
    if (depth > 8 || !expression) return unknown();
    const Node e = expression.unwrapped();
    switch (e.kind()) {
      case Kind::array:
        return array();
      case Kind::identifier:
        return identifier(e, depth);
      case Kind::ternary_expression:
        return combine(classify(e.field(Field::consequence), depth + 1),
                       classify(e.field(Field::alternative), depth + 1));
      case Kind::binary_expression: {
        const std::string_view op = slice(text, e.field(Field::operator_));
        if (op == "||" || op == "??") {
          return combine(classify(e.field(Field::left), depth + 1), classify(e.field(Field::right), depth + 1));
        }
        return unknown();
      }
      case Kind::new_expression: {
        const std::string_view ctor = slice(text, e.field(Field::constructor));
        if (ctor == "Array") return array();
        if (std::string w = wrapper_call(ctor); !w.empty()) return other(std::move(w));
        if (ctor == "Observable" || ctor.ends_with("Subject")) return other("an observable");
        return unknown();
      }
      case Kind::call_expression: {
        const Node fn = e.field(Field::function);
        const std::string_view callee = slice(text, fn);
        if (array_maker(callee)) return array();
        if (std::string w = wrapper_call(callee); !w.empty()) return other(std::move(w));
        if (fn.is(Kind::member_expression)) {
          const std::string_view method = slice(text, fn.field(Field::property));
          if (method == "split") return array();
          if (same_kind_method(method)) return classify(fn.field(Field::object), depth + 1);
          // jQuery and cheerio traversals stay jQuery objects.
          static const std::set<std::string_view> traversals = {"find", "children", "closest", "parents", "siblings",
                                                                "next", "prev", "add", "not", "has", "eq"};
          if (traversals.contains(method)) {
            const Receiver inner = classify(fn.field(Field::object), depth + 1);
            if (inner.kind == Kindof::other) return inner;
          }
        }
        return unknown();
      }
      default:
        return unknown();
    }
  }
};

std::string expression_path(Node e, std::string_view text) {
  const Node u = e.unwrapped();
  if (u.is(Kind::identifier)) return std::string(slice(text, u));
  if (u.is(Kind::member_expression)) {
    for (Node o = u; o; o = o.field(Field::object).unwrapped()) {
      if (o.is(Kind::identifier) || o.is(Kind::this_)) return std::string(slice(text, u));
      if (!o.is(Kind::member_expression)) return {};
    }
  }
  return {};
}

bool looks_like_index(std::string_view name) {
  return name == "i" || name == "idx" || name == "index" || name == "ix" || name == "_i" || name == "key" ||
         name == "k";
}

}  // namespace

// `Array(n)` / `new Array(n)`: holes, which `.map` skips and a loop or a
// library visits (as `undefined`).
bool sparse(Node expression, const Classifier& classifier, std::string_view text) {
  Node e = expression.unwrapped();
  if (e.is(Kind::identifier)) {
    const auto d = classifier.declaration(e);
    if (!d) return false;
    const Node p = d->name.parent();
    if (!p.is(Kind::variable_declarator) || !(p.field(Field::name) == d->name)) return false;
    e = p.field(Field::value).unwrapped();
    if (!e) return false;
  }
  if (!e.is(Kind::call_expression) && !e.is(Kind::new_expression)) return false;
  const Node callee = e.is(Kind::call_expression) ? e.field(Field::function) : e.field(Field::constructor);
  if (!callee || slice(text, callee) != "Array") return false;
  const auto args = e.arguments();
  return args.size() == 1 && !args[0].is(Kind::string) && !args[0].is(Kind::array);
}

std::string receiver_reason(const Shape& shape, const Semantic& semantic, const Modules& modules) {
  if (shape.array_from) return {};  // Array.from hands its callback (element, index) whatever it is given
  const std::string_view text = semantic.file().text();
  const Classifier classifier{semantic, modules, text};
  if (sparse(shape.collection, classifier, text)) {
    return fmt::format("`{}` is a sparse array (`Array(n)`): `.map` skips its holes, while a loop or a library call "
                       "visits them",
                       slice(text, shape.collection));
  }
  const Receiver receiver = classifier.classify(shape.collection);
  const std::string e = std::string(slice(text, shape.collection));
  if (receiver.kind == Kindof::other) {
    return fmt::format("`{}` is {}, whose `map` is not Array#map; not rewritten: make an Array of it first (`.toArray()`, "
                       "`[...x]`) and bound the work over that",
                       e, receiver.what);
  }
  if (receiver.kind == Kindof::array) return {};
  if (modules.wrappers) {
    return fmt::format("this file uses collections with a `map` of their own (jQuery, cheerio, Immutable, lodash "
                       "wrappers, streams or observables), and nothing shows that `{}` is an Array",
                       e);
  }
  const auto params = shape.function.parameters();
  if (params.size() >= 2) {
    const Node first = plain_pattern(params[0]);
    if (first && first.is(Kind::identifier) && looks_like_index(slice(text, first))) {
      return fmt::format("the callback's first parameter is named like an index (`{}`), as jQuery's `map` passes it, "
                         "and nothing shows that `{}` is an Array",
                         slice(text, first), e);
    }
  }
  return {};
}

Mutation collection_mutation(const Shape& shape, const Semantic& semantic) {
  Mutation out;
  const std::string_view text = semantic.file().text();
  const std::string path = expression_path(shape.collection, text);
  if (path.empty()) return out;  // a fresh array from a call: nothing else holds it
  static const std::set<std::string_view> mutators = {"pop",  "shift", "unshift", "splice",
                                                      "sort", "reverse", "fill", "copyWithin"};
  const auto same = [&](Node n) { return n && expression_path(n, text) == path; };
  walk(shape.function.field(Field::body), [&](Node n) {
    if (!out.reason.empty()) return false;
    if (n.is(Kind::call_expression)) {
      const Node fn = n.field(Field::function);
      if (fn.is(Kind::member_expression) && same(fn.field(Field::object))) {
        const std::string_view method = slice(text, fn.field(Field::property));
        if (method == "push") out.appends = true;
        if (mutators.contains(method)) {
          out.reason = fmt::format("the callback changes `{}` with `.{}` while it is mapped", path, method);
        }
      }
    } else if (n.is(Kind::assignment_expression) || n.is(Kind::augmented_assignment_expression) ||
               n.is(Kind::update_expression) || (n.is(Kind::unary_expression) && slice(text, n).starts_with("delete"))) {
      Node target = n.is(Kind::update_expression) || n.is(Kind::unary_expression) ? n.field(Field::argument)
                                                                                  : n.field(Field::left);
      target = target.unwrapped();
      if ((target.is(Kind::subscript_expression) || target.is(Kind::member_expression)) &&
          same(target.field(Field::object))) {
        out.reason = fmt::format("the callback assigns into `{}` while it is mapped", path);
      }
    }
    return true;
  });
  return out;
}

std::string element_reason(const Shape& shape, const Semantic& semantic, const Modules& modules) {
  const std::string_view text = semantic.file().text();
  const auto params = shape.function.parameters();
  const Node first = params.empty() ? Node{} : plain_pattern(params[0]);
  // The elements were made by an async callback: they are running promises.
  if (!shape.array_from) {
    const Classifier classifier{semantic, modules, text};
    Node e = shape.collection.unwrapped();
    if (e.is(Kind::identifier)) {
      if (const auto d = classifier.declaration(e)) {
        const Node p = d->name.parent();
        const Node value = p.is(Kind::variable_declarator) ? p.field(Field::value).unwrapped() : Node{};
        if (value && value.is(Kind::call_expression)) {
          const std::string_view method = value.member_name(semantic.file().text());
          const auto args = value.arguments();
          const Node cb = method == "map" && !args.empty()                                    ? args[0]
                          : slice(text, value.field(Field::function)) == "Array.from" && args.size() == 2 ? args[1]
                                                                                              : Node{};
          if (cb && semantic.is_async_function(cb)) {
            return fmt::format("the elements of `{}` are promises that already run (made by an async callback); "
                               "bluebird and p-map would wait for each before the callback sees it, and a loop would "
                               "leave later rejections unhandled; not rewritten: bound the work where those promises "
                               "are started",
                               slice(text, e));
          }
        }
      }
    }
  }
  if (!first || !first.is(Kind::identifier)) return {};
  const std::string_view name = slice(text, first);
  std::string how;
  walk(shape.function.field(Field::body), [&](Node n) {
    if (!how.empty()) return false;
    if (n.is(Kind::await_expression)) {
      const Node arg = n.named(0).unwrapped();
      if (arg && arg.is(Kind::identifier) && slice(text, arg) == name) how = fmt::format("awaits `{}`", name);
    } else if (n.is(Kind::call_expression)) {
      const Node fn = n.field(Field::function);
      if (fn.is(Kind::member_expression)) {
        const Node object = fn.field(Field::object).unwrapped();
        const std::string_view method = slice(text, fn.field(Field::property));
        if (object.is(Kind::identifier) && slice(text, object) == name &&
            (method == "then" || method == "catch" || method == "finally")) {
          how = fmt::format("calls `{}.{}`", name, method);
        }
        if (slice(text, fn.field(Field::object)) == "Promise") {
          for (const Node& a : n.arguments()) {
            if (slice(text, a.unwrapped()) == name) how = fmt::format("hands `{}` to `{}`", name, slice(text, fn));
          }
        }
      }
    }
    return true;
  });
  if (how.empty()) return {};
  return fmt::format("the callback {}: the elements are promises it settles itself, while bluebird and p-map wait "
                     "for each element before calling it, and a loop would leave later rejections unhandled; not "
                     "rewritten: bound the work where those promises are started",
                     how);
}

}  // namespace fanout::fixer
