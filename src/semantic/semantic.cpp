// The public face of the semantic layer: thin wrappers over sem::Engine.
#include "semantic/internal.hpp"

#include <optional>

namespace fanout {

namespace sem {

Engine::Engine(const SourceFile& f, Node r, const AnalysisOptions& o) : file(f), root(r), options(o), scanned(f.text()) {
  // A team's helpers are sink rows of the same shape as the catalog's.
  for (const MapHelper& helper : options.map_helpers) {
    const auto index = [](std::uint64_t i) { return static_cast<std::int32_t>(std::min<std::uint64_t>(i, INT32_MAX)); };
    helper_rows.push_back(SinkRow{
        .kind = SinkKind::map,
        .collection_arg = index(helper.collection_arg),
        .callback_arg = index(std::uint64_t{helper.collection_arg} + 1),
        .options_arg = helper.options_arg ? index(*helper.options_arg) : kNoArgument,
        .limit_option = helper.limit_option,
        .unlimited_by_default = helper.unlimited_by_default,
        .callee = helper.callee,
    });
  }
}

}  // namespace sem

Semantic::Semantic(const SourceFile& file, Node root, const AnalysisOptions& options)
    : impl_(std::make_unique<Impl>(file, root, options)) {}
Semantic::~Semantic() = default;

std::string_view Semantic::text(Node node) const { return impl_->text(node); }
const AnalysisOptions& Semantic::options() const { return impl_->options; }
const SourceFile& Semantic::file() const { return impl_->file; }

bool Semantic::is_global_promise(Node identifier) const {
  Node id = identifier.unwrapped();
  return id.is(Kind::identifier) && impl_->text(id) == "Promise" && !impl_->resolve(id);
}

LibraryBinding Semantic::library_of(Node expression) const { return impl_->library_of(expression); }

std::optional<std::vector<std::string>> Semantic::library_names() const {
  const auto& names = impl_->library_names();
  if (!names) return std::nullopt;
  return std::vector<std::string>(names->begin(), names->end());
}

std::optional<std::string> Semantic::combinator(Node call) const { return impl_->combinator(call); }

std::optional<Semantic::CombinatorCall> Semantic::combinator_call(Node call) const {
  auto sink = combinator(call);
  if (!sink) return std::nullopt;
  const auto args = call.arguments();
  if (args.empty() || args[0].is(Kind::spread_element)) return std::nullopt;
  const Node callee = call.field(Field::function).unwrapped();
  return CombinatorCall{.sink = std::move(*sink),
                        .object = callee.field(Field::object).unwrapped(),
                        .method = impl_->text(callee.field(Field::property)),
                        .collection = args[0],
                        .verdict = evaluate(args[0], Facet::work)};
}

std::optional<Semantic::SinkCall> Semantic::library_sink(Node call) const { return impl_->library_sink(call); }

Verdict Semantic::evaluate(Node collection, Facet facet, bool task_factories) const {
  if (facet == Facet::size) {
    Verdict v = impl_->evaluate(collection, sem::Question{.facet = Facet::size});
    // A constant size above `max-literal-elements` is as good as unbounded.
    if (v.count && !impl_->within_literal_limit(v)) v.extent = Extent::unbounded;
    return v;
  }
  // Two rules ask about the same combinator: answer once.
  const auto key = (sem::key(collection) << 1) | (task_factories ? 1u : 0u);
  if (auto it = impl_->verdicts.find(key); it != impl_->verdicts.end()) return it->second;
  Verdict v = impl_->evaluate(collection, sem::Question{.facet = Facet::work, .task_factories = task_factories});
  impl_->verdicts.emplace(key, v);
  return v;
}

CallbackFacts Semantic::callback(Node callback) const { return impl_->callback(callback, false); }

std::optional<double> Semantic::upper_bound(Node expression) const { return impl_->upper_bound(expression); }

Semantic::OptionLookup Semantic::option(Node options_argument, std::string_view key) const {
  OptionLookup out;
  Node o = options_argument.unwrapped();
  if (!o) return out;
  out.options_given = true;
  // A const options object counts as written at the call (acceptance: p-map options).
  for (int hops = 0; o.is(Kind::identifier) && hops < 4; ++hops) {
    const sem::Binding b = impl_->resolve(o);
    if (b.kind != sem::BindingKind::const_ || b.destructured || !b.value) break;
    o = b.value.unwrapped();
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
  Node r = reference.unwrapped();
  if (r.is_function()) return r;
  if (!r.is(Kind::identifier)) return {};
  const sem::Binding b = impl_->resolve(r);
  if (b.kind == sem::BindingKind::function) return b.declaration;
  if ((b.kind == sem::BindingKind::const_ || b.kind == sem::BindingKind::let || b.kind == sem::BindingKind::var) &&
      !b.destructured && b.value.unwrapped().is_function() && impl_->uses(b).assigned_values.empty()) {
    return b.value.unwrapped();
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
