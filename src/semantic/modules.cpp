// What a name is bound to among the libraries of the catalog (bluebird, p-map,
// p-all, async, lodash and the limiters: fanout/sinks.hpp), through `require`, `import` (default,
// namespace, named, renamed), TypeScript's `import x = require()`, and
// destructuring.
#include "fanout/prefilter.hpp"
#include "semantic/internal.hpp"

namespace fanout::sem {
namespace {

LibraryBinding binding_of(std::string_view spec) {
  const ModuleMatch match = classify_module(spec);
  return {match.library, std::string(match.member)};
}

}  // namespace

LibraryBinding Engine::module_binding(const Binding& binding) const {
  if (binding.kind == BindingKind::import) {
    Node source = binding.declaration.field(Field::source);
    if (!source) {
      // `import x = require('m')`
      for (std::uint32_t i = 0; i < binding.declaration.named_count(); ++i) {
        Node c = binding.declaration.named(i);
        if (c.is(Kind::import_require_clause)) source = c.field(Field::source);
      }
    }
    const auto spec = source.string_value(file.text());
    if (!spec) return {};
    LibraryBinding lib = binding_of(*spec);
    if (lib.library == Library::none) return lib;
    if (lib.member.empty() && binding.member != "default" && binding.member != "*") lib.member = binding.member;
    return lib;
  }
  if ((binding.kind == BindingKind::const_ || binding.kind == BindingKind::let ||
       binding.kind == BindingKind::var) && binding.value) {
    DepthGuard guard(*this);
    if (guard.exceeded()) return {};
    LibraryBinding lib = library_of(binding.value);
    if (lib.library != Library::none && binding.destructured) {
      // `const { map } = require('lodash')`; `const { Promise } = require('bluebird')`.
      if (lib.member.empty()) lib.member = binding.member;
      if (lib.library == Library::bluebird && lib.member == "Promise") lib.member.clear();
    }
    return lib;
  }
  return {};
}

bool Engine::mentions_libraries() const {
  // A name can only be bound to a known library through a module string in
  // `require(...)`, `import(...)` or `from ...`: skip resolution in the (many)
  // files without one. The same scan as the pre-filter's, so never stricter.
  if (!libraries_mentioned) {
    bool found = false;
    const prefilter::Text text(file.text());
    for (const ModuleRow& m : module_rows()) {
      found = found || prefilter::may_load_module(text, m.spec, "/.");
    }
    libraries_mentioned = found;
  }
  return *libraries_mentioned;
}

LibraryBinding Engine::library_of(Node expression) const {
  if (!mentions_libraries()) return {};
  Node e = expression.unwrapped();
  if (e.is(Kind::await_expression)) e = e.named(0).unwrapped();  // `await import('x')`
  if (e.is(Kind::identifier)) {
    const Binding b = resolve(e);
    return b ? module_binding(b) : LibraryBinding{};
  }
  if (e.is(Kind::call_expression)) {
    Node callee = e.field(Field::function).unwrapped();
    const std::string_view name = text(callee);
    if (name == "require" || name == "import") {
      const auto args = e.arguments();
      if (args.size() == 1) {
        if (const auto spec = args[0].string_value(file.text())) return binding_of(*spec);
      }
    }
    return {};
  }
  if (e.is(Kind::member_expression)) {
    LibraryBinding lib = library_of(e.field(Field::object));
    if (lib.library == Library::none || !lib.member.empty()) return {};
    const std::string_view property = text(e.field(Field::property));
    // `require('bluebird').Promise` and `.default` are the module itself.
    if (property == "default" || (lib.library == Library::bluebird && property == "Promise")) return lib;
    lib.member = std::string(property);
    return lib;
  }
  return {};
}

}  // namespace fanout::sem
