// Name resolution: which declaration an identifier refers to, following
// JavaScript's scoping (block-scoped let/const/class, function-scoped and
// hoisted var and function declarations, parameters, imports, destructuring).
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {

Node function_name(Node function) {
  if (Node name = function.field(Field::name); name && function.is(Kind::function_declaration)) return name;
  if (function.is(Kind::generator_function_declaration)) return function.field(Field::name);
  Node parent = function.parent();
  while (parent && parent.is(Kind::parenthesized_expression)) parent = parent.parent();
  if (parent.is(Kind::variable_declarator) && parent.field(Field::name).is(Kind::identifier)) {
    return parent.field(Field::name);
  }
  if (parent.is(Kind::assignment_expression) && parent.field(Field::left).is(Kind::identifier)) {
    return parent.field(Field::left);
  }
  return {};
}

namespace {

// Finds `name` among the identifiers a pattern binds; records the property read.
Node find_in_pattern(Node pattern, std::string_view name, const SourceFile& file, std::string* member,
                     bool* destructured) {
  switch (pattern.kind()) {
    case Kind::identifier:
    case Kind::shorthand_property_identifier_pattern:
      return file.slice(pattern.start(), pattern.end()) == name ? pattern : Node{};
    case Kind::required_parameter:
    case Kind::optional_parameter:
      return find_in_pattern(pattern.field(Field::pattern), name, file, member, destructured);
    case Kind::assignment_pattern:
      return find_in_pattern(pattern.field(Field::left), name, file, member, destructured);
    case Kind::rest_pattern:
      for (std::uint32_t i = 0; i < pattern.named_count(); ++i) {
        if (Node hit = find_in_pattern(pattern.named(i), name, file, member, destructured)) {
          *destructured = true;
          return hit;
        }
      }
      return {};
    case Kind::object_pattern:
    case Kind::array_pattern:
      for (std::uint32_t i = 0; i < pattern.named_count(); ++i) {
        Node child = pattern.named(i);
        Node hit;
        if (child.is(Kind::pair_pattern)) {
          hit = find_in_pattern(child.field(Field::value), name, file, member, destructured);
          if (hit && member->empty()) {
            Node k = child.field(Field::key);
            *member = std::string(file.slice(k.start(), k.end()));
          }
        } else {
          hit = find_in_pattern(child, name, file, member, destructured);
          if (hit && member->empty() && pattern.is(Kind::object_pattern) &&
              (child.is(Kind::shorthand_property_identifier_pattern) || child.is(Kind::assignment_pattern))) {
            *member = std::string(name);
          }
        }
        if (hit) {
          *destructured = true;
          return hit;
        }
      }
      return {};
    default:
      return {};
  }
}

BindingKind declaration_kind(Node declaration, const SourceFile& file) {
  if (declaration.is(Kind::variable_declaration)) return BindingKind::var;
  const std::string_view t = file.slice(declaration.start(), declaration.end());
  if (t.starts_with("const")) return BindingKind::const_;
  return BindingKind::let;  // let, using, await using
}

// Looks for `name` declared by a lexical or var declaration node.
Binding from_declaration(Node declaration, std::string_view name, Node scope, const SourceFile& file) {
  for (std::uint32_t i = 0; i < declaration.named_count(); ++i) {
    Node declarator = declaration.named(i);
    if (!declarator.is(Kind::variable_declarator)) continue;
    Binding b;
    if (Node hit = find_in_pattern(declarator.field(Field::name), name, file, &b.member, &b.destructured)) {
      b.kind = declaration_kind(declaration, file);
      b.name = hit;
      b.declaration = declarator;
      b.value = declarator.field(Field::value);
      b.scope = scope;
      return b;
    }
  }
  return {};
}

Binding from_import(Node import, std::string_view name, Node scope, const SourceFile& file) {
  for (std::uint32_t i = 0; i < import.named_count(); ++i) {
    Node clause = import.named(i);
    if (clause.is(Kind::import_require_clause)) {
      Node id = clause.named(0);
      if (id.is(Kind::identifier) && file.slice(id.start(), id.end()) == name) {
        return Binding{.kind = BindingKind::import, .name = id, .declaration = import, .scope = scope, .member = "*"};
      }
      continue;
    }
    if (!clause.is(Kind::import_clause)) continue;
    for (std::uint32_t j = 0; j < clause.named_count(); ++j) {
      Node part = clause.named(j);
      if (part.is(Kind::identifier) && file.slice(part.start(), part.end()) == name) {
        return Binding{.kind = BindingKind::import, .name = part, .declaration = import, .scope = scope,
                       .member = "default"};
      }
      if (part.is(Kind::namespace_import)) {
        Node id = part.named(0);
        if (id && file.slice(id.start(), id.end()) == name) {
          return Binding{.kind = BindingKind::import, .name = id, .declaration = import, .scope = scope, .member = "*"};
        }
      }
      if (part.is(Kind::named_imports)) {
        for (std::uint32_t k = 0; k < part.named_count(); ++k) {
          Node spec = part.named(k);
          if (!spec.is(Kind::import_specifier)) continue;
          Node imported = spec.field(Field::name);
          Node local = spec.field(Field::alias) ? spec.field(Field::alias) : imported;
          if (file.slice(local.start(), local.end()) == name) {
            std::string member(file.slice(imported.start(), imported.end()));
            if (imported.is(Kind::string) && member.size() >= 2) member = member.substr(1, member.size() - 2);
            return Binding{.kind = BindingKind::import, .name = local, .declaration = import, .scope = scope,
                           .member = member};
          }
        }
      }
    }
  }
  return {};
}

// A statement directly in a block that declares `name` (hoisted or not).
Binding from_statement(Node stmt, std::string_view name, Node scope, const SourceFile& file) {
  switch (stmt.kind()) {
    case Kind::lexical_declaration:
    case Kind::variable_declaration:
      return from_declaration(stmt, name, scope, file);
    case Kind::function_declaration:
    case Kind::generator_function_declaration:
    case Kind::class_declaration: {
      Node n = stmt.field(Field::name);
      if (n && file.slice(n.start(), n.end()) == name) {
        return Binding{.kind = stmt.is(Kind::class_declaration) ? BindingKind::class_ : BindingKind::function,
                       .name = n, .declaration = stmt, .scope = scope};
      }
      return {};
    }
    case Kind::import_statement:
      return from_import(stmt, name, scope, file);
    case Kind::export_statement: {
      if (Node d = stmt.field(Field::decorator); d) (void)d;
      for (std::uint32_t i = 0; i < stmt.named_count(); ++i) {
        Node inner = stmt.named(i);
        if (inner.is(Kind::lexical_declaration) || inner.is(Kind::variable_declaration) ||
            inner.is(Kind::function_declaration) || inner.is(Kind::class_declaration) ||
            inner.is(Kind::generator_function_declaration)) {
          if (Binding b = from_statement(inner, name, scope, file)) return b;
        }
      }
      return {};
    }
    default:
      return {};
  }
}

[[maybe_unused]] Binding find_hoisted_var(Node body, std::string_view name, Node scope, const SourceFile& file) {
  Binding found;
  walk(body, [&](Node n) {
    if (found) return false;
    if (n != body && n.is_function()) return false;
    if (n.is(Kind::variable_declaration)) {
      found = from_declaration(n, name, scope, file);
      return false;
    }
    // A nested block's function declarations are block scoped in strict code;
    // sloppy-mode hoisting of them is rare enough to ignore.
    return true;
  });
  return found;
}

Binding from_parameters(Node function, std::string_view name, const SourceFile& file) {
  const auto params = function.parameters();
  for (std::uint32_t i = 0; i < params.size(); ++i) {
    Binding b;
    if (Node hit = find_in_pattern(params[i], name, file, &b.member, &b.destructured)) {
      b.kind = BindingKind::param;
      b.name = hit;
      b.declaration = params[i];
      b.scope = function;
      b.function = function;
      b.param_index = i;
      if (params[i].is(Kind::rest_pattern)) b.destructured = true;
      return b;
    }
  }
  // A named function expression sees its own name.
  if (function.is(Kind::function_expression) || function.is(Kind::generator_function)) {
    Node n = function.field(Field::name);
    if (n && file.slice(n.start(), n.end()) == name) {
      return Binding{.kind = BindingKind::function, .name = n, .declaration = function, .scope = function};
    }
  }
  return {};
}

}  // namespace

Binding Engine::resolve(Node identifier) const {
  return resolve_name(text(identifier), identifier);
}

Binding Engine::resolve_name(std::string_view name, Node at) const {
  const std::vector<Node> chain = at.ancestors();
  for (std::size_t i = chain.size(); i-- > 0;) {
    const Node scope = chain[i];
    const Node previous = i + 1 < chain.size() ? chain[i + 1] : at;
    const Kind k = scope.kind();
    if (is_function_kind(k)) {
      if (Binding b = from_parameters(scope, name, file)) return b;
      continue;
    }
    if (k == Kind::catch_clause) {
      Binding b;
      if (Node p = scope.field(Field::parameter)) {
        if (Node hit = find_in_pattern(p, name, file, &b.member, &b.destructured)) {
          b.kind = BindingKind::catch_param;
          b.name = hit;
          b.declaration = p;
          b.scope = scope;
          return b;
        }
      }
      continue;
    }
    if (k == Kind::for_in_statement) {
      Node left = scope.field(Field::left);
      Binding b;
      // Only a declaration in the loop head (`for (const x of ...)`) is scoped to the loop.
      if (left && previous != left && scope.field(Field::kind)) {
        if (Node hit = find_in_pattern(left, name, file, &b.member, &b.destructured)) {
          b.kind = BindingKind::loop_var;
          b.name = hit;
          b.declaration = scope;
          b.value = scope.field(Field::right);
          b.scope = scope;
          return b;
        }
      }
      continue;
    }
    // Any other node that holds statements: its declarations, hoisted vars
    // included, from a table built once per scope (bundles have thousands of
    // statements in one block, and every resolution passes through it).
    if (k == Kind::program || k == Kind::statement_block || k == Kind::for_statement ||
        scope.type() == "switch_case" || scope.type() == "switch_default" || scope.type() == "class_static_block") {
      const auto& table = scope_table(scope);
      if (auto it = table.find(name); it != table.end()) return it->second;
    }
  }
  return {};
}

namespace {

// Every identifier a declaration pattern binds.
void pattern_names(Node pattern, const SourceFile& file, std::vector<std::string_view>& out) {
  switch (pattern.kind()) {
    case Kind::identifier:
    case Kind::shorthand_property_identifier_pattern:
      out.push_back(file.slice(pattern.start(), pattern.end()));
      return;
    case Kind::assignment_pattern:
      pattern_names(pattern.field(Field::left), file, out);
      return;
    case Kind::pair_pattern:
      pattern_names(pattern.field(Field::value), file, out);
      return;
    case Kind::rest_pattern:
    case Kind::object_pattern:
    case Kind::array_pattern:
      for (Node child : pattern.named_children()) pattern_names(child, file, out);
      return;
    default:
      return;
  }
}

// Names a statement declares in the block that holds it.
void statement_names(Node stmt, const SourceFile& file, std::vector<std::string_view>& out) {
  switch (stmt.kind()) {
    case Kind::lexical_declaration:
    case Kind::variable_declaration:
      for (Node d : stmt.named_children()) {
        if (d.is(Kind::variable_declarator)) pattern_names(d.field(Field::name), file, out);
      }
      return;
    case Kind::function_declaration:
    case Kind::generator_function_declaration:
    case Kind::class_declaration:
      if (Node n = stmt.field(Field::name)) out.push_back(file.slice(n.start(), n.end()));
      return;
    case Kind::import_statement:
      for (Node clause : stmt.named_children()) {
        if (clause.is(Kind::import_require_clause)) {
          Node id = clause.named(0);
          if (id.is(Kind::identifier)) out.push_back(file.slice(id.start(), id.end()));
        }
        if (!clause.is(Kind::import_clause)) continue;
        for (Node part : clause.named_children()) {
          if (part.is(Kind::identifier)) out.push_back(file.slice(part.start(), part.end()));
          if (part.is(Kind::namespace_import) && part.named(0)) {
            out.push_back(file.slice(part.named(0).start(), part.named(0).end()));
          }
          if (part.is(Kind::named_imports)) {
            for (Node spec : part.named_children()) {
              if (!spec.is(Kind::import_specifier)) continue;
              Node local = spec.field(Field::alias) ? spec.field(Field::alias) : spec.field(Field::name);
              out.push_back(file.slice(local.start(), local.end()));
            }
          }
        }
      }
      return;
    case Kind::export_statement:
      for (Node inner : stmt.named_children()) statement_names(inner, file, out);
      return;
    default:
      return;
  }
}

}  // namespace

const Engine::ScopeTable& Engine::scope_table(Node scope) const {
  const auto k = key(scope);
  if (auto it = scope_tables.find(k); it != scope_tables.end()) return it->second;
  ScopeTable table;
  std::vector<std::string_view> names;
  for (Node stmt : scope.named_children()) {
    names.clear();
    statement_names(stmt, file, names);
    for (auto name : names) {
      if (table.contains(name)) continue;
      if (Binding b = from_statement(stmt, name, scope, file)) table.emplace(name, b);
    }
  }
  const bool function_body = scope.is(Kind::statement_block) && scope.parent().is_function();
  if (function_body || scope.is(Kind::program)) {
    // `var` declarations anywhere in the body, not inside nested functions.
    const Node var_scope = scope.is(Kind::program) ? scope : scope.parent();
    // A `var` declaration starts with the keyword: only nodes holding one are entered.
    walk_around(scope, name_occurrences(file.text(), "var", scope.start(), scope.end()), [&](Node n) {
      if (n != scope && n.is_function()) return false;
      if (n.is(Kind::variable_declaration)) {
        names.clear();
        statement_names(n, file, names);
        for (auto name : names) {
          if (table.contains(name)) continue;
          if (Binding b = from_declaration(n, name, var_scope, file)) table.emplace(name, b);
        }
        return false;
      }
      return true;
    });
  }
  return scope_tables.emplace(k, std::move(table)).first->second;
}

namespace {

// `[]`, `{}`, `new Array()`: keyed assignments into it add elements. Into
// anything else (`[a, b]`, `new Array(n)`) they may replace elements in place.
bool empty_seed(Node value) {
  const Node v = value.unwrapped();
  if (v.is(Kind::array) || v.is(Kind::object)) return v.named_count() == 0;
  if (!v.is(Kind::new_expression)) return false;
  const Node args = v.field(Field::arguments);
  return !args || args.named_count() == 0;
}

}  // namespace

const VariableUses& Engine::uses(const Binding& binding) const {
  const auto k = key(binding.name);
  if (auto it = uses_cache.find(k); it != uses_cache.end()) return it->second;
  VariableUses out;
  const std::string_view name = text(binding.name);
  Node scope = binding.scope ? binding.scope : root;
  // Every node below holds the name, so the walk visits only its occurrences' ancestors.
  walk_around(scope, name_occurrences(file.text(), name, scope.start(), scope.end()), [&](Node n) {
    if (n.is(Kind::assignment_expression)) {
      Node left = n.field(Field::left).unwrapped();
      if (left.is(Kind::identifier) && text(left) == name && resolve(left).name == binding.name) {
        Node right = n.field(Field::right);
        out.assigned_values.push_back(right);
        Node r = right.unwrapped();
        if (r.is(Kind::array) && r.named_count() == 0) out.resets.push_back(n);
      } else if (left.is(Kind::subscript_expression)) {
        // `name[key] = value`: a computed key adds an element per key; a
        // literal key is one fixed slot.
        Node obj = left.field(Field::object).unwrapped();
        Node index = left.field(Field::index).unwrapped();
        const bool fixed = index.is(Kind::number) || index.is(Kind::string);
        if (!fixed && empty_seed(binding.value) && obj.is(Kind::identifier) && text(obj) == name && resolve(obj).name == binding.name) {
          out.keyed.push_back(n);
        }
      } else if (left.is(Kind::member_expression)) {
        // `name.length = 0` empties the array.
        Node obj = left.field(Field::object).unwrapped();
        if (obj.is(Kind::identifier) && text(obj) == name && text(left.field(Field::property)) == "length" &&
            resolve(obj).name == binding.name) {
          out.resets.push_back(n);
        }
      }
    } else if (n.is(Kind::call_expression)) {
      Node callee = n.field(Field::function).unwrapped();
      if (callee.is(Kind::member_expression)) {
        Node obj = callee.field(Field::object).unwrapped();
        const std::string_view method = text(callee.field(Field::property));
        if (obj.is(Kind::identifier) && text(obj) == name) {
          if ((method == "push" || method == "unshift") && resolve(obj).name == binding.name) {
            out.pushes.push_back(n);
          } else if (method == "splice" && resolve(obj).name == binding.name) {
            const auto args = n.arguments();
            if (args.size() == 1 && text(args[0]) == "0") out.resets.push_back(n);
          }
        }
      }
    }
    return true;
  });
  return uses_cache.emplace(k, std::move(out)).first->second;
}

namespace {

// Calls nested deeper than the analyzer checks (2 000 levels) are not
// collected: resolving each one below costs its depth, and 100 000 nested
// `f(f(...))` beside an `f` that fans out took minutes.
constexpr std::uint32_t kMaxCallDepth = 2000;

// A search for one name costs a scan of the text and a descent per
// occurrence; one index of every call costs a walk of the whole tree. A file
// that asks about a few functions searches; a bundle that asks about
// hundreds gets the index.
constexpr std::size_t kSearchesBeforeIndex = 8;

}  // namespace

std::string Engine::call_key(Node call) const {
  if (!call.is(Kind::call_expression)) return {};
  const Node callee = call.field(Field::function).unwrapped();
  if (callee.is(Kind::identifier)) return std::string(text(callee));
  if (callee.is(Kind::member_expression) && callee.field(Field::object).unwrapped().is(Kind::this_)) {
    return "this." + std::string(text(callee.field(Field::property)));
  }
  return {};
}

void Engine::index_all_calls() const {
  calls_by_name.clear();
  Cursor cursor(root);
  std::uint32_t depth = 0;
  for (bool done = false; !done;) {
    const Node n = cursor.node();
    if (std::string key = call_key(n); !key.empty()) calls_by_name[std::move(key)].push_back(n);
    if (depth < kMaxCallDepth && cursor.first_child()) {
      ++depth;
      continue;
    }
    while (!done && !cursor.next_sibling()) {
      done = !cursor.up();
      --depth;
    }
  }
  calls_indexed = true;
}

std::vector<Node> Engine::calls_to(Node function) const {
  Node name = function_name(function);
  std::string method;
  if (!name && function.is(Kind::method_definition)) {
    method = std::string(text(function.field(Field::name)));
  }
  if (!name && method.empty()) return {};
  const std::string key = method.empty() ? std::string(text(name)) : "this." + method;
  auto cached = calls_by_name.find(key);
  if (cached == calls_by_name.end() && !calls_indexed && calls_by_name.size() >= kSearchesBeforeIndex) {
    index_all_calls();
    cached = calls_by_name.find(key);
  }
  if (cached == calls_by_name.end() && calls_indexed) return {};  // the index has every call: none to this name
  if (cached == calls_by_name.end()) {
    // Only the nodes around the name's occurrences can be such a call.
    const std::string_view word = method.empty() ? text(name) : std::string_view(method);
    std::vector<Node> calls;
    walk_around(root, name_occurrences(file.text(), word), [&](Node n) {
      if (n.is(Kind::call_expression) && call_key(n) == key) calls.push_back(n);
      return true;
    }, kMaxCallDepth);
    cached = calls_by_name.emplace(key, std::move(calls)).first;
  }
  if (!method.empty()) return cached->second;
  std::vector<Node> out;
  for (Node call : cached->second) {
    Node callee = call.field(Field::function).unwrapped();
    // Same name, same declaration: shadowed names are someone else.
    if (resolve(callee).name == name) out.push_back(call);
  }
  return out;
}

}  // namespace fanout::sem
