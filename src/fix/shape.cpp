// Recognises the one shape the rewrites cover, `Promise.all(E.map(cb))`
// consumed by `await` or `return`, and the safety gate of semantics.md
// (Rewrites): Promise.all only, no third callback parameter, same consumption.
#include <fmt/format.h>

#include "fanout/sinks.hpp"
#include "fix/parts.hpp"

namespace fanout::fixer {

namespace {

std::string_view text_of(const Semantic& semantic, Node node) { return node ? semantic.text(node) : std::string_view{}; }

bool has_optional_chain(Node node) {
  for (std::uint32_t i = 0; i < node.child_count(); ++i) {
    const std::string_view type = node.child(i).type();
    if (type == "optional_chain" || type == "?.") return true;
  }
  return false;
}

bool rest_parameter(Node param) {
  if (param.is(Kind::rest_pattern)) return true;
  const Node pattern = param.field(Field::pattern);
  return pattern && pattern.is(Kind::rest_pattern);
}

// The reason a callback cannot be handed to a series helper, or empty.
std::string callback_reason(const Shape& shape, const Finding& finding, const Semantic& semantic) {
  const Node fn = shape.function;
  const std::string_view name = text_of(semantic, shape.callback);
  const auto params = fn.parameters();
  for (const Node& p : params) {
    if (rest_parameter(p)) return "the callback reads its arguments through a rest parameter";
  }
  const bool reference = !(shape.callback == fn);
  if (reference && params.size() > 2) {
    return fmt::format("`{}` takes more than two parameters (`.map` passes the array as the third)", name);
  }
  if (params.size() >= 3) {
    bool used = finding.callback.uses_third_param;
    const Node pattern = plain_pattern(params[2]) ? plain_pattern(params[2]) : params[2];
    const std::string_view file = semantic.file().text();
    for (const auto& n : names_in(pattern, file)) {
      if (mentions(fn.field(Field::body), file, n)) used = true;
    }
    if (used) return "the callback uses its third parameter (the array)";
  }
  const bool arrow = fn.is(Kind::arrow_function);
  if (!arrow && mentions(fn.field(Field::body), semantic.file().text(), "arguments")) {
    return "the callback reads `arguments`";
  }
  return {};
}

}  // namespace

Node plain_pattern(Node parameter) {
  switch (parameter.kind()) {
    case Kind::identifier:
    case Kind::object_pattern:
    case Kind::array_pattern:
      return parameter;
    case Kind::required_parameter: {
      // Only the pattern: no type annotation, default value or modifier.
      const Node pattern = parameter.field(Field::pattern);
      if (parameter.named_count() != 1 || !pattern || pattern.is(Kind::rest_pattern)) return {};
      return pattern;
    }
    default:
      return {};
  }
}

ShapeResult recognise(const Finding& finding, const Semantic& semantic, const Modules& modules) {
  ShapeResult result;
  const Node call = finding.sink_call;
  if (!call || !call.is(Kind::call_expression) || call.has_error() || call.inside_error()) return result;
  const Node callee = call.field(Field::function);
  if (!callee.is(Kind::member_expression)) return result;
  const Node object = callee.field(Field::object);
  const std::string_view method = text_of(semantic, callee.field(Field::property));
  if (!is_combinator_method(method)) return result;
  if (!object.is(Kind::identifier)) return result;
  const bool global = text_of(semantic, object) == "Promise" && semantic.is_global_promise(object);
  // A file may bind bluebird to any name, `Promise` included.
  const Modules::Bound* bound = bound_module(modules, "bluebird");
  const bool bluebird = semantic.library_of(object).library == Library::bluebird ||
                        (bound != nullptr && bound->name == text_of(semantic, object));
  if (!global && !bluebird) return result;

  const std::string_view sink = text_of(semantic, callee);
  result.sink = std::string(sink);
  result.method = std::string(method);
  auto refuse = [&](std::string reason) {
    result.reason = std::move(reason);
    return result;
  };
  // The other combinators have no drop-in series form; the advice says what fits them.
  if (method != "all") return refuse(fmt::format("`{}` is not rewritten automatically", sink));
  if (has_optional_chain(callee) || call.field(Field::type_arguments)) {
    return refuse(fmt::format("`{}` is called with type arguments or `?.`", sink));
  }
  const auto args = call.arguments();
  if (args.size() != 1) return refuse(fmt::format("`{}` is called with {} arguments", sink, args.size()));

  Shape shape{.sink_call = call, .sink_callee = callee};
  const Node collection = args[0];
  const char* const elsewhere =
      "the promises are created before the combinator; only `Promise.all(E.map(cb))` is rewritten";
  if (!collection.is(Kind::call_expression)) return refuse(elsewhere);
  // The rule names the call that starts the work; it must be the argument itself.
  if (finding.verdict.map_call && !(finding.verdict.map_call == collection)) return refuse(elsewhere);
  const Node map_callee = collection.field(Field::function);
  if (!map_callee.is(Kind::member_expression)) return refuse(elsewhere);
  const std::string_view map_method = text_of(semantic, map_callee.field(Field::property));
  const Node map_object = map_callee.field(Field::object);
  const auto map_args = collection.arguments();
  shape.map_call = collection;
  shape.map_arguments = collection.field(Field::arguments);
  if (map_method == "from" && text_of(semantic, map_object) == "Array") {
    if (map_args.size() != 2) return refuse("`Array.from` is not called with exactly a source and a callback");
    shape.array_from = true;
    shape.collection = map_args[0];
    shape.callback = map_args[1];
  } else if (map_method == "map") {
    if (map_args.size() != 1) return refuse("`.map` is given a `thisArg`");
    shape.collection = map_object;
    shape.callback = map_args[0];
  } else {
    return refuse(elsewhere);
  }
  if (has_optional_chain(map_callee) || has_optional_chain(collection) || collection.field(Field::type_arguments)) {
    return refuse("the `.map` call has type arguments or `?.`");
  }

  const Node cb = shape.callback;
  if (cb.is(Kind::arrow_function) || cb.is(Kind::function_expression)) {
    shape.function = cb;
  } else if (cb.is(Kind::identifier)) {
    const Node declared = semantic.function_of(cb);
    if (!declared || !is_function_like(declared) || declared.is(Kind::generator_function) ||
        declared.is(Kind::generator_function_declaration)) {
      return refuse(fmt::format("`{}` is not a function declared in this file", text_of(semantic, cb)));
    }
    shape.function = declared;
  } else {
    return refuse(fmt::format("the callback `{}` is not a function declared in this file", text_of(semantic, cb)));
  }
  if (std::string reason = callback_reason(shape, finding, semantic); !reason.empty()) return refuse(reason);

  // Consumed the same way: awaited, returned, or an arrow's expression body.
  const Node user = parent_skipping_parens(call);
  if (user.is(Kind::await_expression)) {
    shape.consumer = Consumer::await_;
  } else if (user.is(Kind::return_statement)) {
    shape.consumer = Consumer::return_;
  } else if (user.is(Kind::arrow_function) && user.field(Field::body) && user.field(Field::body).contains(call)) {
    shape.consumer = Consumer::arrow_body;
  } else if (user.is(Kind::member_expression)) {
    const std::string_view method = text_of(semantic, user.field(Field::property));
    if (method != "then" && method != "catch" && method != "finally") {
      return refuse(fmt::format("the combined promise is consumed with `.{}`, not awaited or returned", method));
    }
    // The series forms return promises that chain the same way, but the code
    // after the chain runs before the work is done either way: a human should
    // look, so this is only applied with --fix-unsafe.
    shape.consumer = Consumer::chain;
  } else {
    return refuse("the combined promise is not awaited or returned");
  }
  shape.consumer_node = user;
  result.shape = shape;
  return result;
}

}  // namespace fanout::fixer
