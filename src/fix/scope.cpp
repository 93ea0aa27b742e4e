// Just enough scoping for the rewrites (semantics.md, When a rewrite is safe:
// Names): where a name is declared and what it can be seen from, and which
// names a statement assigns. The semantic layer resolves bindings for the
// rules; this is the fixer's own small question, asked per name, answered by
// visiting only the name's occurrences (walk_around) and remembered per tree.
#include <algorithm>

#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

std::string_view slice(std::string_view text, Node node) { return text.substr(node.start(), node.end() - node.start()); }

bool is_pattern(Node n) {
  const std::string_view type = n.type();
  return n.is(Kind::object_pattern) || n.is(Kind::array_pattern) || n.is(Kind::rest_pattern) ||
         n.is(Kind::pair_pattern) || n.is(Kind::assignment_pattern) || type == "object_assignment_pattern" ||
         n.is(Kind::shorthand_property_identifier_pattern);
}

bool block_scope(Node n) {
  const std::string_view type = n.type();
  return n.is(Kind::statement_block) || n.is(Kind::program) || n.is(Kind::for_statement) ||
         n.is(Kind::for_in_statement) || type == "switch_body" || type == "class_static_block";
}

Node nearest(Node from, bool (*wanted)(Node)) {
  for (Node n = from.parent(); n; n = n.parent()) {
    if (wanted(n)) return n;
  }
  return {};
}

bool function_or_program(Node n) { return is_function_like(n) || n.is(Kind::program); }

// The node a pattern element sits in, going up through destructuring; stops
// at a default value (the right side of `a = b` reads `b`).
Node pattern_top(Node name, Node& child) {
  child = name;
  Node p = name.parent();
  while (p && is_pattern(p)) {
    if ((p.is(Kind::assignment_pattern) || p.type() == "object_assignment_pattern") && !(p.field(Field::left) == child)) {
      return {};
    }
    child = p;
    p = p.parent();
  }
  return p;
}

}  // namespace

std::optional<Declaration> declaration_at(Node name, std::string_view text) {
  Node child;
  const Node p = pattern_top(name, child);
  if (!p) return std::nullopt;
  const std::string_view type = p.type();
  if (p.is(Kind::variable_declarator)) {
    if (!(p.field(Field::name) == child)) return std::nullopt;
    const Node declaration = p.parent();
    if (declaration.is(Kind::variable_declaration)) return Declaration{name, nearest(declaration, function_or_program)};
    return Declaration{name, nearest(declaration, block_scope)};
  }
  if (p.is(Kind::required_parameter) || p.is(Kind::optional_parameter)) {
    if (!(p.field(Field::pattern) == child)) return std::nullopt;
    return Declaration{name, nearest(p, function_or_program)};
  }
  if (p.is(Kind::formal_parameters)) return Declaration{name, p.parent()};
  if (p.is(Kind::arrow_function) && p.field(Field::parameter) == child) return Declaration{name, p};
  if (p.is(Kind::function_declaration) || p.is(Kind::generator_function_declaration) || type == "class_declaration" ||
      type == "enum_declaration" || type == "internal_module" || type == "module") {
    if (!(p.field(Field::name) == child)) return std::nullopt;
    // Hoisted (sloppy-mode functions reach the whole function): the wider scope is the safe one.
    return Declaration{name, nearest(p, function_or_program)};
  }
  if (p.is(Kind::function_expression) || p.is(Kind::generator_function) || type == "class") {
    if (!(p.field(Field::name) == child)) return std::nullopt;
    return Declaration{name, p};
  }
  if (p.is(Kind::catch_clause)) {
    if (!(p.field(Field::parameter) == child)) return std::nullopt;
    return Declaration{name, p};
  }
  if (p.is(Kind::for_in_statement)) {
    if (!(p.field(Field::left) == child) || !p.field(Field::kind)) return std::nullopt;
    return Declaration{name, p};
  }
  if (p.is(Kind::import_clause) || p.is(Kind::import_specifier) || p.is(Kind::namespace_import) ||
      p.is(Kind::import_require_clause) || type == "named_imports") {
    return Declaration{name, p.root()};
  }
  (void)text;
  return std::nullopt;
}

namespace {

const NameDeclarations& indexed(const Modules& modules, std::string_view name) {
  auto [it, added] = modules.declarations.try_emplace(std::string(name));
  NameDeclarations& known = it->second;
  if (!added) return known;
  const std::vector<std::uint32_t> offsets = name_occurrences(modules.text, name);
  walk_around(modules.program, offsets, [&](Node n) {
    if (n.named_count() == 0 && n.start() + name.size() == n.end() && slice(modules.text, n) == name) {
      const std::string_view type = n.type();
      if (type == "identifier" || type == "shorthand_property_identifier_pattern") {
        if (auto d = declaration_at(n, modules.text)) known.all.push_back(*d);
      }
    }
    return true;
  });
  for (std::size_t i = 0; i < known.all.size(); ++i) {
    if (known.all[i].scope) known.by_scope_start.emplace(known.all[i].scope.start(), i);
  }
  return known;
}

// For each scope covering `site`, innermost first, the indexes of the
// declarations it holds, in file order; stops when `visit` returns false.
template <typename Visit>
void each_covering_scope(const NameDeclarations& known, Node site, Visit&& visit) {
  if (known.all.empty() || !site) return;
  std::vector<Node> chain = site.ancestors();
  chain.push_back(site);
  std::vector<std::size_t> here;
  for (auto scope = chain.rbegin(); scope != chain.rend(); ++scope) {
    here.clear();
    const auto [from, to] = known.by_scope_start.equal_range(scope->start());
    for (auto m = from; m != to; ++m) {
      if (known.all[m->second].scope == *scope) here.push_back(m->second);
    }
    if (here.empty()) continue;
    std::sort(here.begin(), here.end());
    if (!visit(here)) return;
  }
}

}  // namespace

std::vector<Declaration> declarations_covering(const Modules& modules, std::string_view name, Node site) {
  const NameDeclarations& known = indexed(modules, name);
  std::vector<Declaration> out;
  each_covering_scope(known, site, [&](const std::vector<std::size_t>& here) {
    for (const std::size_t i : here) out.push_back(known.all[i]);
    return true;
  });
  return out;
}

std::optional<Declaration> innermost_declaration(const Modules& modules, std::string_view name, Node site) {
  const NameDeclarations& known = indexed(modules, name);
  std::optional<Declaration> found;
  each_covering_scope(known, site, [&](const std::vector<std::size_t>& here) {
    found = known.all[here.back()];
    return false;
  });
  return found;
}

bool shadowed_at(const Modules& modules, std::string_view name, Node site, Node own) {
  for (const Declaration& d : declarations_covering(modules, name, site)) {
    if (own && (d.name == own || own.contains(d.name))) continue;
    if (!d.scope.is(Kind::program)) return true;
  }
  return false;
}

std::set<std::string> pattern_names(Node pattern, std::string_view text) {
  std::set<std::string> names;
  walk(pattern, [&](Node n) {
    if ((n.is(Kind::assignment_pattern) || n.type() == "object_assignment_pattern")) {
      const Node left = n.field(Field::left);
      if (left) names.merge(pattern_names(left, text));
      return false;  // the default value only reads names
    }
    if (n.is(Kind::pair_pattern)) {
      const Node value = n.field(Field::value);
      if (value) names.merge(pattern_names(value, text));
      return false;
    }
    if (n.type() == "type_annotation") return false;
    if (n.is(Kind::identifier) || n.is(Kind::shorthand_property_identifier_pattern)) {
      names.emplace(slice(text, n));
    }
    return true;
  });
  return names;
}

bool assigns_any(Node body, std::string_view text, const std::set<std::string>& names) {
  if (names.empty() || !body) return false;
  bool found = false;
  const auto target = [&](Node left) {
    if (!left) return;
    if (left.is(Kind::identifier)) {
      if (names.contains(std::string(slice(text, left)))) found = true;
      return;
    }
    if (left.is(Kind::object_pattern) || left.is(Kind::array_pattern) || left.is(Kind::object) || left.is(Kind::array)) {
      for (const auto& n : pattern_names(left, text)) {
        if (names.contains(n)) found = true;
      }
    }
  };
  walk(body, [&](Node n) {
    if (found) return false;
    if (n.is(Kind::assignment_expression) || n.is(Kind::augmented_assignment_expression)) {
      target(n.field(Field::left).unwrapped());
    } else if (n.is(Kind::update_expression)) {
      target(n.field(Field::argument).unwrapped());
    } else if (n.is(Kind::for_in_statement) && !n.field(Field::kind)) {
      target(n.field(Field::left));
    }
    return true;
  });
  return found;
}

}  // namespace fanout::fixer
