// Which calls are sinks (semantics.md: Sinks): the combinators on the global
// `Promise` or a bluebird binding, and the library sinks of the catalog
// (fanout/sinks.hpp) together with a team's `helpers.map` rows, matched by
// one function.
#include "fanout/prefilter.hpp"
#include "semantic/internal.hpp"

namespace fanout::sem {
namespace {

Node argument(const std::vector<Node>& args, std::int32_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < args.size() ? args[static_cast<std::size_t>(i)] : Node{};
}

Semantic::SinkCall sink_call(const SinkRow& row, std::string name, const std::vector<Node>& args) {
  return {.row = &row, .name = std::move(name), .collection = argument(args, row.collection_arg),
          .callback = argument(args, row.callback_arg), .options = argument(args, row.options_arg)};
}

}  // namespace

std::optional<std::string> Engine::combinator(Node call) const {
  const Node callee = call.field(Field::function).unwrapped();
  if (!callee.is(Kind::member_expression)) return std::nullopt;
  const std::string_view method = text(callee.field(Field::property));
  if (!is_combinator_method(method)) return std::nullopt;
  const Node object = callee.field(Field::object).unwrapped();
  if (!object.is(Kind::identifier)) return std::nullopt;
  // `Promise` must be the global one, or bound to bluebird under any name.
  const bool global = text(object) == "Promise" && !resolve(object);
  if (!global) {
    const LibraryBinding lib = library_of(object);
    if (lib.library != Library::bluebird || !lib.member.empty()) return std::nullopt;
  }
  return std::string(text(object)) + "." + std::string(method);
}

bool Engine::loads(std::string_view module) const {
  return prefilter::may_load_module(scanned, module, "/");
}

bool Engine::may_load_bluebird() const {
  // The scan mentions_libraries() makes for every library, so never stricter
  // than what library_of() can bind.
  if (!bluebird_loaded) bluebird_loaded = prefilter::may_load_module(scanned, "bluebird", "/.");
  return *bluebird_loaded;
}

bool Engine::structural_bluebird_allowed(Node root) const {
  // A chain is taken for bluebird's by its shape only in a file that loads
  // bluebird, and none of the libraries whose objects have the same methods.
  if (!bluebird_chains) {
    bool allowed = loads("bluebird");
    for (std::string_view module : chain_lookalike_modules()) allowed = allowed && !loads(module);
    bluebird_chains = allowed;
  }
  if (!*bluebird_chains) return false;
  const Node id = root_identifier(root);
  if (!id.is(Kind::identifier)) return true;
  const std::string_view name = text(id);
  return name != "$" && name != "jQuery" && library_of(id).library == Library::none;
}

bool Engine::promisified_function(Node callee) const {
  // `const readdir = B.promisify(fs.readdir)`, `const { promisify } = require('bluebird')`.
  const Binding b = resolve(callee);
  if (b.kind != BindingKind::const_ && b.kind != BindingKind::let && b.kind != BindingKind::var) return false;
  const Node value = b.value.unwrapped();
  if (b.destructured || !value.is(Kind::call_expression)) return false;
  const Node maker = value.field(Field::function).unwrapped();
  if (maker.is(Kind::member_expression)) {
    const LibraryBinding lib = library_of(maker.field(Field::object));
    return lib.library == Library::bluebird && lib.member.empty() &&
           is_bluebird_function_maker(text(maker.field(Field::property)));
  }
  const LibraryBinding lib = library_of(maker);
  return lib.library == Library::bluebird && is_bluebird_function_maker(lib.member);
}

bool Engine::promisified_method(std::string_view method) const {
  // `fs.readdirAsync(dir)` after `B.promisifyAll(fs)`: promisifyAll adds an
  // `*Async` twin to every method of what it is given, prototypes included.
  if (method.size() <= 5 || !method.ends_with("Async")) return false;
  if (!promisifies_all) promisifies_all = file.text().find("promisifyAll") != std::string_view::npos && loads("bluebird");
  return *promisifies_all;
}

bool Engine::annotated_bluebird(const Binding& b) const {
  // `p: Bluebird<T>`, or `p: Promise<T>` where `Promise` is bound to bluebird.
  if (b.destructured || !b.declaration) return false;
  for (Node c : b.declaration.named_children()) {
    if (c.type() != "type_annotation") continue;
    Node type = c.named(0);
    if (type.type() == "generic_type") type = type.named(0);
    if (type.type() != "type_identifier") return false;
    const Binding named = resolve_name(text(type), type);
    if (!named) return false;
    const LibraryBinding lib = module_binding(named);
    return lib.library == Library::bluebird && lib.member.empty();
  }
  return false;
}

bool Engine::is_bluebird_promise(Node expression) const {
  // Every way a value is known to be a bluebird promise (a binding to the
  // module, a promisified function, an annotation, a chain's shape) needs a
  // module string naming bluebird.
  if (!may_load_bluebird()) return false;
  DepthGuard guard(*this);
  if (guard.exceeded()) return false;
  Node e = expression.unwrapped();
  // The chain uses a method only bluebird promises have, or the sink comes
  // straight after `.then/.catch/.finally` (a native promise has no `.map`).
  bool bluebird_shape = false;
  for (int hops = 0; hops < 16; ++hops) {
    if (e.is(Kind::identifier)) {
      const Binding b = resolve(e);
      if (annotated_bluebird(b)) return true;
      // A name bound once to a bluebird promise.
      const bool variable = b.kind == BindingKind::const_ || b.kind == BindingKind::let || b.kind == BindingKind::var;
      if (variable && !b.destructured && b.value && uses(b).assigned_values.empty() && !in_progress.contains(key(b.name))) {
        in_progress.insert(key(b.name));
        const bool bluebird = is_bluebird_promise(b.value);
        in_progress.erase(key(b.name));
        if (bluebird) return true;
      }
      break;
    }
    if (!e.is(Kind::call_expression)) break;
    const Node callee = e.field(Field::function).unwrapped();
    if (callee.is(Kind::identifier)) {
      if (promisified_function(callee)) return true;
      break;
    }
    if (!callee.is(Kind::member_expression)) break;
    const Node object = callee.field(Field::object).unwrapped();
    const std::string_view method = text(callee.field(Field::property));
    const LibraryBinding lib = library_of(object);
    if (lib.library == Library::bluebird && lib.member.empty()) return true;  // `B.resolve(x)`
    if (lib.library != Library::none) return false;  // `_.chain(xs)`
    if (promisified_method(method)) return true;
    if (!is_promise_chain_method(method)) break;
    bluebird_shape = bluebird_shape || is_bluebird_only_method(method) ||
                     (hops == 0 && (method == "then" || method == "catch" || method == "finally"));
    e = object;
  }
  return bluebird_shape && structural_bluebird_allowed(e);
}

Node Engine::resolved_value(Node promise) const {
  // `B.resolve(xs)`, `B.all(ps)`, `p.return(xs)`: the value it resolves to, when written.
  const Node p = promise.unwrapped();
  if (!p.is(Kind::call_expression)) return {};
  const Node callee = p.field(Field::function).unwrapped();
  if (!callee.is(Kind::member_expression) || !resolves_to_argument(text(callee.field(Field::property)))) return {};
  const auto args = p.arguments();
  return args.empty() || args[0].is(Kind::spread_element) ? Node{} : args[0];
}

std::optional<Semantic::SinkCall> Engine::library_sink(Node call) const {
  const Node callee = call.field(Field::function).unwrapped();
  const bool member = callee.is(Kind::member_expression);
  if (!member && !callee.is(Kind::identifier)) return std::nullopt;
  const std::string_view written = text(callee);

  // A team's helper, by the name written at the call site.
  for (const SinkRow& row : helper_rows) {
    if (written == row.callee) return sink_call(row, std::string(row.callee), call.arguments());
  }
  // Cheapest first: names that can be a library sink at all.
  const std::string_view method = member ? text(callee.field(Field::property)) : written;
  if (member && !names_sink_member(method)) return std::nullopt;
  const LibraryBinding lib = library_of(member ? callee.field(Field::object) : callee);
  const SinkRow* row = nullptr;
  if (!member) {
    // A function imported by itself: `pMap`, `pAll`, `import { map } from 'async'`.
    row = lib.library == Library::none ? nullptr : find_sink(lib.library, lib.member);
    if (row == nullptr || !row->callable_alone) return std::nullopt;
  } else if (lib.library != Library::none && !lib.member.empty()) {
    return std::nullopt;  // a member of a member: `_.map.call`, `async.map.x`
  } else {
    row = find_sink(lib.library, method);
  }
  if (row == nullptr && member && find_sink(Library::bluebird, method, true) != nullptr &&
      is_bluebird_promise(callee.field(Field::object))) {
    row = find_sink(Library::bluebird, method, true);
    if (row->serial) return std::nullopt;
    Semantic::SinkCall found = sink_call(*row, "." + std::string(method), call.arguments());
    found.collection = resolved_value(callee.field(Field::object));
    return found;
  }
  if (row == nullptr || row->serial || row->kind == SinkKind::combinator) return std::nullopt;
  return sink_call(*row, std::string(written), call.arguments());
}

}  // namespace fanout::sem
