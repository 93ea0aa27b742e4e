// What a name is bound to among the libraries of the catalog (bluebird, p-map,
// p-all, async, lodash and the limiters: fanout/sinks.hpp), through `require`, `import` (default,
// namespace, named, renamed), TypeScript's `import x = require()`, and
// destructuring.
#include <set>

#include "fanout/prefilter.hpp"
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {
namespace {

LibraryBinding binding_of(std::string_view spec) {
  const ModuleMatch match = classify_module(spec);
  return {match.library, std::string(match.member)};
}

// Alias chains (`const lib = require('async'); const m = lib.map;`) longer
// than this are not followed: the filter is then off, never wrong.
constexpr int kMaxAliasRounds = 8;

// The names a declaration around one of `offsets` binds: a variable's pattern,
// an import's clause, an assignment's target. More than module_binding() ever
// binds to a library (any declarator holding the offset counts), never less.
void add_declared_names(Node root, std::string_view text, const std::vector<std::uint32_t>& offsets,
                        std::set<std::string, std::less<>>& names, std::vector<std::string>& added) {
  const auto add_identifiers = [&](Node target) {
    if (!target) return;
    walk(target, [&](Node n) {
      if (n.is(Kind::identifier) || n.is(Kind::shorthand_property_identifier_pattern)) {
        const std::string_view name = n.text(text);
        if (!names.contains(name)) {
          names.emplace(name);
          added.emplace_back(name);
        }
      }
      return true;
    });
  };
  walk_around(root, offsets, [&](Node n) {
    if (n.is(Kind::variable_declarator)) add_identifiers(n.field(Field::name));
    if (n.is(Kind::assignment_expression)) add_identifiers(n.field(Field::left));
    if (n.is(Kind::import_statement)) add_identifiers(n);  // every name it binds, and no other
    return true;
  });
}

}  // namespace

const std::optional<std::set<std::string, std::less<>>>& Engine::library_names() const {
  if (library_names_read) return library_names_;
  library_names_read = true;
  std::set<std::string, std::less<>> names;
  if (!mentions_libraries()) {
    library_names_ = std::move(names);
    return library_names_;
  }
  // Every binding to a library starts at a module string naming it (in
  // `require`, `import()` or `from`), found by the scan mentions_libraries()
  // makes, so the set holds every name library_of() can bind.
  const std::string_view text = file.text();
  std::vector<std::uint32_t> offsets;
  for (const ModuleRow& m : module_rows()) {
    for (std::size_t at : prefilter::module_string_offsets(scanned, m.spec, "/.")) {
      offsets.push_back(static_cast<std::uint32_t>(at));
    }
  }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<std::string> added;
  add_declared_names(root, text, offsets, names, added);
  // Then every declaration whose value reads a name found so far, one round
  // per alias step, each round one pass over the text.
  for (int round = 0; !added.empty(); ++round) {
    if (round == kMaxAliasRounds) return library_names_;  // nullopt: no filter
    const std::vector<std::string_view> words(added.begin(), added.end());
    const std::vector<std::uint32_t> uses = names_occurrences(text, words);
    std::vector<std::string> next;
    add_declared_names(root, text, uses, names, next);
    added = std::move(next);
  }
  library_names_ = std::move(names);
  return library_names_;
}

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
    for (const ModuleRow& m : module_rows()) {
      found = found || prefilter::may_load_module(scanned, m.spec, "/.");
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
    // Most receivers (`rows.map`) are no library: a set lookup instead of a
    // scope resolution.
    if (const auto& names = library_names(); names && !names->contains(text(e))) return {};
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
