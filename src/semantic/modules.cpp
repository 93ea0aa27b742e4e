// What a name is bound to among the libraries fanout knows: bluebird, p-map,
// async, lodash and the limiters, through `require`, `import` (default,
// namespace, named, renamed), TypeScript's `import x = require()`, and
// destructuring.
#include <array>

#include "fanout/prefilter.hpp"
#include "semantic/internal.hpp"

namespace fanout {
namespace {

struct ModuleName {
  std::string_view name;
  Library library;
};

constexpr std::array kModules = {
    ModuleName{"bluebird", Library::bluebird},     ModuleName{"p-map", Library::p_map},
    ModuleName{"async", Library::async_lib},       ModuleName{"neo-async", Library::async_lib},
    ModuleName{"async-es", Library::async_lib},    ModuleName{"lodash", Library::lodash},
    ModuleName{"lodash-es", Library::lodash},      ModuleName{"lodash/fp", Library::lodash},
    ModuleName{"p-limit", Library::p_limit},       ModuleName{"p-queue", Library::p_queue},
    ModuleName{"bottleneck", Library::bottleneck}, ModuleName{"async-mutex", Library::semaphore},
    ModuleName{"async-sema", Library::semaphore},  ModuleName{"await-semaphore", Library::semaphore},
};

// `lodash/map`, `lodash.map`, `async/each`: a module that is one function.
LibraryBinding classify_module(std::string_view spec) {
  if (spec.starts_with("node:")) spec.remove_prefix(5);
  for (const auto& m : kModules) {
    if (spec == m.name) return {m.library, ""};
  }
  for (std::string_view prefix : {"lodash/", "lodash-es/", "lodash.", "async/", "async-es/"}) {
    if (spec.starts_with(prefix) && spec.size() > prefix.size()) {
      const Library lib = prefix.starts_with("lodash") ? Library::lodash : Library::async_lib;
      return {lib, std::string(spec.substr(prefix.size()))};
    }
  }
  return {};
}

}  // namespace

LibraryBinding Semantic::Impl::module_binding(const sem::Binding& binding) const {
  if (binding.kind == sem::BindingKind::import) {
    Node source = binding.declaration.field(Field::source);
    if (!source) {
      // `import x = require('m')`
      for (std::uint32_t i = 0; i < binding.declaration.named_count(); ++i) {
        Node c = binding.declaration.named(i);
        if (c.is(Kind::import_require_clause)) source = c.field(Field::source);
      }
    }
    const auto spec = sem::string_value(source, file);
    if (!spec) return {};
    LibraryBinding lib = classify_module(*spec);
    if (lib.library == Library::none) return lib;
    if (lib.member.empty() && binding.member != "default" && binding.member != "*") lib.member = binding.member;
    return lib;
  }
  if ((binding.kind == sem::BindingKind::const_ || binding.kind == sem::BindingKind::let ||
       binding.kind == sem::BindingKind::var) && binding.value) {
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

bool Semantic::Impl::mentions_libraries() const {
  // A name can only be bound to a known library through a module string in
  // `require(...)`, `import(...)` or `from ...`: skip resolution in the (many)
  // files without one. The same scan as the pre-filter's, so never stricter.
  if (!libraries_mentioned) {
    bool found = false;
    const prefilter::Text text(file.text());
    for (const auto& m : kModules) {
      found = found || prefilter::may_load_module(text, m.name, "/.");
    }
    libraries_mentioned = found;
  }
  return *libraries_mentioned;
}

LibraryBinding Semantic::Impl::library_of(Node expression) const {
  if (!mentions_libraries()) return {};
  Node e = sem::unwrap(expression);
  if (e.is(Kind::await_expression)) e = sem::unwrap(e.named(0));  // `await import('x')`
  if (e.is(Kind::identifier)) {
    const sem::Binding b = resolve(e);
    return b ? module_binding(b) : LibraryBinding{};
  }
  if (e.is(Kind::call_expression)) {
    Node callee = sem::unwrap(e.field(Field::function));
    const std::string_view name = text(callee);
    if (name == "require" || name == "import") {
      const auto args = sem::arguments_of(e);
      if (args.size() == 1) {
        if (const auto spec = sem::string_value(args[0], file)) return classify_module(*spec);
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

}  // namespace fanout
