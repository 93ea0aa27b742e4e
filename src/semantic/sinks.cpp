// Which calls are sinks (semantics.md: Sinks): the combinators on the global
// `Promise` or a bluebird binding, and the library sinks of the catalog
// (fanout/sinks.hpp) together with a team's `helpers.map` rows, matched by
// one function.
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

bool Engine::is_bluebird_promise(Node expression) const {
  // `Bluebird.resolve(x)`, `B.all(x).then(...)`: a chain that starts at a bluebird binding.
  Node e = expression.unwrapped();
  for (int hops = 0; hops < 16 && e.is(Kind::call_expression); ++hops) {
    const Node callee = e.field(Field::function).unwrapped();
    if (!callee.is(Kind::member_expression)) return false;
    const Node object = callee.field(Field::object).unwrapped();
    const LibraryBinding lib = library_of(object);
    if (lib.library == Library::bluebird && lib.member.empty()) return true;
    e = object;
  }
  return false;
}

std::optional<Semantic::SinkCall> Engine::library_sink(Node call) const {
  const Node callee = call.field(Field::function).unwrapped();
  const bool member = callee.is(Kind::member_expression);
  if (!member && !callee.is(Kind::identifier)) return std::nullopt;
  const std::string_view written = text(callee);
  const auto args = call.arguments();

  // A team's helper, by the name written at the call site.
  for (const SinkRow& row : helper_rows) {
    if (written == row.callee) return sink_call(row, std::string(row.callee), args);
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
  if (row == nullptr && member && is_bluebird_promise(callee.field(Field::object))) {
    row = find_sink(Library::bluebird, method, true);
    if (row != nullptr && !row->serial) return sink_call(*row, "." + std::string(method), args);
    return std::nullopt;
  }
  if (row == nullptr || row->serial || row->kind == SinkKind::combinator) return std::nullopt;
  return sink_call(*row, std::string(written), args);
}

}  // namespace fanout::sem
