// The file's module system as the rewrites see it: which library is already
// bound to a top-level name, and where and how a new import is written
// (style.md, Fixes: an added import reuses the file's binding and style).
#include <fmt/format.h>

#include "fix/parts.hpp"
#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

std::string_view slice(std::string_view text, Node node) { return text.substr(node.start(), node.end() - node.start()); }

// `require('m')`, possibly under `.x` or a further call: the module name, or empty.
std::string required_module(Node expression, std::string_view text) {
  Node e = expression;
  while (e) {
    if (e.is(Kind::call_expression)) {
      const Node fn = e.field(Field::function);
      if (fn.is(Kind::identifier) && slice(text, fn) == "require") {
        const auto args = sem::arguments_of(e);
        if (args.size() == 1 && args[0].is(Kind::string)) return string_value(slice(text, args[0]));
        return {};
      }
      e = fn;
    } else if (e.is(Kind::member_expression)) {
      e = e.field(Field::object);
    } else if (e.is(Kind::await_expression) || e.is(Kind::parenthesized_expression)) {
      e = e.named(0);
    } else {
      return {};
    }
  }
  return {};
}

std::vector<Node> declarators(Node declaration) {
  std::vector<Node> out = declaration.named_children();
  std::erase_if(out, [](const Node& n) { return !n.is(Kind::variable_declarator); });
  return out;
}

bool is_declaration(Node node) { return node.is(Kind::lexical_declaration) || node.is(Kind::variable_declaration); }

// A top-level statement that loads a module: import, require declaration, or
// a bare `require('x')` call statement.
bool loads_module(Node statement, std::string_view text) {
  if (statement.is(Kind::import_statement)) return true;
  if (is_declaration(statement)) {
    for (const Node& d : declarators(statement)) {
      if (!required_module(d.field(Field::value), text).empty()) return true;
    }
    return false;
  }
  if (statement.is(Kind::expression_statement)) return !required_module(statement.named(0), text).empty();
  return false;
}

bool is_directive(Node statement) {
  return statement.is(Kind::expression_statement) && statement.named(0).is(Kind::string);
}

std::string normalised_specifier(std::string_view spec) {
  std::string s(spec);
  for (std::string_view ext : {".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", ".jsx", ".tsx"}) {
    if (s.size() > ext.size() && s.ends_with(ext)) {
      s.resize(s.size() - ext.size());
      break;
    }
  }
  if (s.ends_with("/index")) s.resize(s.size() - 6);
  return s;
}

// What each top-level import or require statement binds, with its module.
template <typename Visit>
void each_binding(Node program, std::string_view text, Visit&& visit) {
  // Indexed child access (Node::named) is linear in the index: a file of
  // 200 000 statements made this loop quadratic. Cursor walks instead.
  for (const Node& s : program.named_children()) {
    if (s.is(Kind::import_statement)) {
      const Node source = s.field(Field::source);
      const std::vector<Node> parts = s.named_children();
      if (source) {
        for (const Node& part : parts) {
          if (part.is(Kind::import_clause) || part.is(Kind::import_require_clause)) {
            visit(part, string_value(slice(text, source)));
          }
        }
      }
      // tree-sitter-typescript keeps the source inside `import x = require('m')`.
      for (const Node& part : parts) {
        if (part.is(Kind::import_require_clause) && !source) {
          const Node inner = part.field(Field::source);
          if (inner) visit(part, string_value(slice(text, inner)));
        }
      }
    } else if (is_declaration(s)) {
      for (const Node& d : declarators(s)) {
        const std::string module = required_module(d.field(Field::value), text);
        if (!module.empty()) visit(d, module);
      }
    }
  }
}

// The name a binding gives the whole module, or empty.
std::string whole_module_name(Node binding, std::string_view text) {
  if (binding.is(Kind::variable_declarator)) {
    const Node name = binding.field(Field::name);
    // Only the whole module: `const B = require('bluebird')`, not `.map` of it.
    if (name.is(Kind::identifier) && binding.field(Field::value).is(Kind::call_expression) &&
        binding.field(Field::value).field(Field::function).is(Kind::identifier)) {
      return std::string(slice(text, name));
    }
    return {};
  }
  // `import B from 'm'` (the default binding) or `import B = require('m')`.
  for (const Node& part : binding.named_children()) {
    if (part.is(Kind::identifier)) return std::string(slice(text, part));
  }
  return {};
}

// Where import_edit puts a new import, from one pass over the top level.
void find_import_anchor(Modules& modules) {
  bool leading = true;
  for (const Node& s : modules.program.named_children()) {
    if (s.type() == "hash_bang_line") {
      modules.hash_bang = s;
    } else if (s.is(Kind::comment)) {
      if (leading && !modules.last_import && !modules.directive) modules.header_end = s;
    } else if (leading && is_directive(s) && !modules.last_import) {
      modules.directive = s;
    } else if (loads_module(s, modules.text) && (leading || s.is(Kind::import_statement))) {
      modules.last_import = s;
    } else {
      // CommonJS requires must stay before the code that runs; ESM imports
      // are hoisted, so any of them may be the anchor.
      leading = false;
      if (!modules.esm) break;
    }
  }
}

}  // namespace

Modules read_modules(Node program, std::string_view text, std::string_view path) {
  Modules modules{.program = program, .text = text};
  if (path.ends_with(".mjs") || path.ends_with(".mts")) {
    modules.esm = true;
  } else if (!path.ends_with(".cjs") && !path.ends_with(".cts")) {
    for (const Node& s : program.named_children()) {
      if (s.is(Kind::import_statement) || s.is(Kind::export_statement)) modules.esm = true;
    }
  }
  // Each finding asks about the bindings: indexed here once per tree, so a
  // bundle with thousands of requires and findings is not walked per finding.
  each_binding(program, text, [&](Node binding, const std::string& from) {
    modules.bindings[normalised_specifier(from)].push_back(binding);
    if (!modules.whole_module.contains(from)) {
      if (std::string name = whole_module_name(binding, text); !name.empty()) {
        modules.whole_module.emplace(from, std::move(name));
      }
    }
  });
  find_import_anchor(modules);
  return modules;
}

std::optional<std::string> bound_name(const Modules& modules, std::string_view module) {
  const auto it = modules.whole_module.find(module);
  if (it == modules.whole_module.end()) return std::nullopt;
  return it->second;
}

bool imports_name_from(const Modules& modules, std::string_view name, std::string_view module) {
  const auto it = modules.bindings.find(normalised_specifier(module));
  if (it == modules.bindings.end()) return false;
  for (const Node& binding : it->second) {
    const Node names = binding.is(Kind::variable_declarator) ? binding.field(Field::name) : binding;
    if (names_in(names, modules.text).contains(std::string(name))) return true;
  }
  return false;
}

RewriteFacts::ImportStyle import_style(Node program, std::string_view text) {
  RewriteFacts::ImportStyle style;
  // The first statements show the file's habit; a 9 MB bundle need not be
  // walked to the end to learn it.
  constexpr std::size_t kSample = 400;
  std::size_t with = 0;
  std::size_t without = 0;
  bool quote_found = false;
  bool lexical = false;
  bool var = false;
  const auto count_semicolon = [&](Node statement) {
    if (with + without < kSample) (slice(text, statement).ends_with(';') ? with : without) += 1;
  };
  walk(program, [&](Node n) {
    // Everything is known once the sample is full, a quote seen and a `let`/`const` met.
    if (with + without >= kSample && quote_found && lexical) return false;
    switch (n.kind()) {
      case Kind::lexical_declaration:
        lexical = true;
        count_semicolon(n);
        break;
      case Kind::variable_declaration:
        var = true;
        count_semicolon(n);
        break;
      case Kind::expression_statement:
      case Kind::return_statement:
      case Kind::import_statement:
        count_semicolon(n);
        break;
      case Kind::string:
        // Quote like the file's first module specifier does.
        if (!quote_found && n.end() > n.start()) {
          const Node p = n.parent();
          if (p.is(Kind::import_statement) || p.is(Kind::arguments)) {
            style.quote = text[n.start()];
            quote_found = true;
          }
        }
        return false;
      default:
        break;
    }
    return true;
  });
  style.semicolons = with >= without;
  style.var_only = var && !lexical;
  return style;
}

std::string import_statement(const Modules& modules, std::string_view name, std::string_view module, bool named,
                             const RewriteFacts::ImportStyle& style) {
  const std::string binding = named ? fmt::format("{{ {} }}", name) : std::string(name);
  const char* const end = style.semicolons ? ";" : "";
  const char quote = style.quote;
  if (modules.esm) return fmt::format("import {} from {}{}{}{}", binding, quote, module, quote, end);
  return fmt::format("{} {} = require({}{}{}){}", style.var_only ? "var" : "const", binding, quote, module, quote, end);
}

Edit import_edit(const Modules& modules, const Layout& layout, std::string_view statement) {
  const std::string_view text = modules.text;
  const Node last_import = modules.last_import;
  const Node directive = modules.directive;
  const Node hash_bang = modules.hash_bang;
  const Node header_end = modules.header_end;
  const std::uint32_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const Node anchor = last_import ? last_import : directive;
  if (anchor) {
    const std::uint32_t at = line_end(layout, text, anchor.end());
    return Edit{.start = at, .end = at, .replacement = layout.eol + std::string(statement)};
  }
  const Node top = header_end ? header_end : hash_bang;
  if (top) {
    const std::uint32_t at = line_end(layout, text, top.end());
    if (at >= text.size()) return Edit{.start = at, .end = at, .replacement = layout.eol + std::string(statement)};
    const std::uint32_t next = static_cast<std::uint32_t>(text.find('\n', at)) + 1;
    const bool next_blank = next >= text.size() || text[next] == '\n' || text[next] == '\r';
    std::string insertion = std::string(statement) + layout.eol;
    if (!next_blank) insertion += layout.eol;
    return Edit{.start = next, .end = next, .replacement = insertion};
  }
  const bool first_blank = bom >= text.size() || text[bom] == '\n' || text[bom] == '\r';
  return Edit{.start = bom, .end = bom,
              .replacement = std::string(statement) + layout.eol + (first_blank ? "" : layout.eol)};
}

}  // namespace fanout::fixer
