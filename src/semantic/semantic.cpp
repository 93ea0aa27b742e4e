// The public face of the semantic layer: thin wrappers over Semantic::Impl.
#include "semantic/internal.hpp"

#include <optional>

#include "fanout/sinks.hpp"

namespace fanout {

Semantic::Semantic(const SourceFile& file, Node root, const AnalysisOptions& options)
    : impl_(std::make_unique<Impl>(file, root, options)) {}
Semantic::~Semantic() = default;

std::string_view Semantic::text(Node node) const { return impl_->text(node); }
const AnalysisOptions& Semantic::options() const { return impl_->options; }
const SourceFile& Semantic::file() const { return impl_->file; }

bool Semantic::is_global_promise(Node identifier) const {
  Node id = sem::unwrap(identifier);
  return id.is(Kind::identifier) && impl_->text(id) == "Promise" && !impl_->resolve(id);
}

LibraryBinding Semantic::library_of(Node expression) const { return impl_->library_of(expression); }

std::optional<std::string> Semantic::combinator(Node call) const {
  Node callee = sem::unwrap(call.field(Field::function));
  if (!callee.is(Kind::member_expression)) return std::nullopt;
  const std::string_view method = impl_->text(callee.field(Field::property));
  if (!is_combinator_method(method)) return std::nullopt;
  Node object = sem::unwrap(callee.field(Field::object));
  if (!object.is(Kind::identifier)) return std::nullopt;
  // `Promise` must be the global one, or bound to bluebird under any name.
  if (!is_global_promise(object)) {
    const LibraryBinding lib = impl_->library_of(object);
    if (lib.library != Library::bluebird || !lib.member.empty()) return std::nullopt;
  }
  return std::string(impl_->text(object)) + "." + std::string(method);
}

std::optional<Semantic::CombinatorCall> Semantic::combinator_call(Node call) const {
  auto sink = combinator(call);
  if (!sink) return std::nullopt;
  const auto args = sem::arguments_of(call);
  if (args.empty() || args[0].is(Kind::spread_element)) return std::nullopt;
  Node object = sem::unwrap(sem::unwrap(call.field(Field::function)).field(Field::object));
  return CombinatorCall{.sink = std::move(*sink), .object = object, .collection = args[0], .verdict = fanout(args[0])};
}

Verdict Semantic::fanout(Node collection, bool task_factories) const {
  // Two rules ask about the same combinator: answer once.
  const auto key = (sem::key(collection) << 1) | (task_factories ? 1u : 0u);
  if (auto it = impl_->verdicts.find(key); it != impl_->verdicts.end()) return it->second;
  Verdict v = impl_->fanout(collection, task_factories);
  impl_->verdicts.emplace(key, v);
  return v;
}

bool Semantic::size_bounded(Node collection) const { return impl_->bounded_for_map(collection); }

CallbackFacts Semantic::callback(Node callback) const { return impl_->callback(callback, false); }

std::optional<double> Semantic::upper_bound(Node expression) const { return impl_->upper_bound(expression); }

Semantic::OptionLookup Semantic::option(Node options_argument, std::string_view key) const {
  OptionLookup out;
  Node o = sem::unwrap(options_argument);
  if (!o) return out;
  out.options_given = true;
  // A const options object counts as written at the call (acceptance: p-map options).
  for (int hops = 0; o.is(Kind::identifier) && hops < 4; ++hops) {
    const sem::Binding b = impl_->resolve(o);
    if (b.kind != sem::BindingKind::const_ || b.destructured || !b.value) break;
    o = sem::unwrap(b.value);
  }
  if (!o.is(Kind::object)) {
    out.options_opaque = true;
    return out;
  }
  for (std::uint32_t i = 0; i < o.named_count(); ++i) {
    Node pair = o.named(i);
    if (pair.is(Kind::spread_element)) out.options_opaque = true;
    if (pair.is(Kind::pair)) {
      Node k = pair.field(Field::key);
      std::string_view name = impl_->text(k);
      if (k.is(Kind::string) && name.size() >= 2) name = name.substr(1, name.size() - 2);
      if (name == key) out.value = pair.field(Field::value);
    } else if (pair.is(Kind::shorthand_property_identifier) && impl_->text(pair) == key) {
      out.value = pair;
    }
  }
  return out;
}

Node Semantic::function_of(Node reference) const {
  Node r = sem::unwrap(reference);
  if (sem::is_function_like(r.kind())) return r;
  if (!r.is(Kind::identifier)) return {};
  const sem::Binding b = impl_->resolve(r);
  if (b.kind == sem::BindingKind::function) return b.declaration;
  if ((b.kind == sem::BindingKind::const_ || b.kind == sem::BindingKind::let || b.kind == sem::BindingKind::var) &&
      !b.destructured && sem::is_function_like(sem::unwrap(b.value).kind()) && impl_->uses(b).assigned_values.empty()) {
    return sem::unwrap(b.value);
  }
  return {};
}

bool Semantic::is_async_function(Node function_or_reference) const {
  Node fn = function_of(function_or_reference);
  if (!fn) return false;
  for (std::uint32_t i = 0; i < fn.child_count(); ++i) {
    Node c = fn.child(i);
    if (c.is_named()) break;
    if (c.type() == "async") return true;
  }
  return false;
}

}  // namespace fanout
