// The file's module system as the rewrites see it (semantics.md, When a
// rewrite is safe: Modules): how Node runs it, which libraries it already
// binds, and where and how a new import is written. Read once per tree.
#include <algorithm>

#include <fmt/format.h>

#include "fanout/sources.hpp"
#include "fix/parts.hpp"
#include "fix/project.hpp"
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
        const auto args = e.arguments();
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

// True when something other than blanks comes before `at`: the tree is a
// block of a larger file (tree-sitter's included ranges).
bool markup_before(std::string_view text, std::uint32_t at) {
  return text.substr(0, at).find_first_not_of(" \t\r\n\f\v\xEF\xBB\xBF") != std::string_view::npos;
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

// TypeScript's `import x = require('m')` is CommonJS written as an import.
bool import_equals(Node statement) {
  const std::vector<Node> parts = statement.named_children();
  return std::any_of(parts.begin(), parts.end(), [](const Node& n) { return n.is(Kind::import_require_clause); });
}

// `export = x` is TypeScript's CommonJS export; any other export is ES syntax.
bool es_export(Node statement, std::string_view text) {
  const std::string_view s = slice(text, statement);
  std::size_t at = 6;  // after `export`
  while (at < s.size() && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r')) ++at;
  return !(at < s.size() && s[at] == '=');
}

// What each top-level import or require statement binds, with its module.
template <typename Visit>
void each_binding(Node program, std::string_view text, Visit&& visit) {
  // Indexed child access (Node::named) is linear in the index: a file of
  // 200 000 statements made this loop quadratic. Cursor walks instead.
  for (const Node& s : program.named_children()) {
    if (s.is(Kind::import_statement)) {
      const Node source = s.field(Field::source);
      for (const Node& part : s.named_children()) {
        if (!part.is(Kind::import_clause) && !part.is(Kind::import_require_clause)) continue;
        // tree-sitter-typescript keeps the source inside `import x = require('m')`.
        const Node from = source ? source : part.field(Field::source);
        if (from) visit(part, string_value(slice(text, from)));
      }
    } else if (is_declaration(s)) {
      for (const Node& d : declarators(s)) {
        const std::string module = required_module(d.field(Field::value), text);
        if (!module.empty()) visit(d, module);
      }
    }
  }
}

// The whole-module name a binding node gives, if any.
std::optional<std::string> whole_module_name(Node binding, std::string_view text) {
  if (binding.is(Kind::variable_declarator)) {
    const Node name = binding.field(Field::name);
    const Node value = binding.field(Field::value);
    // Only the whole module: `const B = require('bluebird')`, not `.map` of it.
    if (name.is(Kind::identifier) && value.is(Kind::call_expression) &&
        value.field(Field::function).is(Kind::identifier)) {
      return std::string(slice(text, name));
    }
    return std::nullopt;
  }
  // `import B from 'm'`, `import * as B from 'm'` or `import B = require('m')`.
  for (const Node& part : binding.named_children()) {
    if (part.is(Kind::identifier)) return std::string(slice(text, part));
    if (part.is(Kind::namespace_import)) {
      for (const Node& inner : part.named_children()) {
        if (inner.is(Kind::identifier)) return std::string(slice(text, inner));
      }
    }
  }
  return std::nullopt;
}

// `define(['dep', ...], function (a, ...) { ... })`: AMD binds each dependency
// to a parameter of the factory.
void read_amd(Node program, std::string_view text, Modules& modules) {
  for (const Node& s : program.named_children()) {
    if (!s.is(Kind::expression_statement)) continue;
    const Node call = s.named(0);
    if (!call.is(Kind::call_expression) || slice(text, call.field(Field::function)) != "define") continue;
    modules.system = ModuleSystem::amd;
    const auto args = call.arguments();
    Node deps;
    Node factory;
    for (const Node& a : args) {
      if (a.is(Kind::array)) deps = a;
      if (is_function_like(a)) factory = a;
    }
    if (!deps || !factory) continue;
    const auto params = factory.parameters();
    std::uint32_t p = 0;
    for (const Node& dep : deps.named_children()) {
      if (p >= params.size()) break;
      if (dep.is(Kind::comment)) continue;
      const Node param = params[p++];
      if (dep.is(Kind::string) && param.is(Kind::identifier)) {
        modules.bound.emplace(string_value(slice(text, dep)),
                              Modules::Bound{.name = std::string(slice(text, param)), .scope = factory,
                                             .declaration = param});
      }
    }
  }
}

// Libraries whose collections have a `map` of their own (semantics.md: the
// receiver is an array): a file using one cannot be assumed to map arrays.
bool collection_library(std::string_view module) {
  static const std::vector<std::string_view> names = {
      "jquery", "cheerio", "immutable", "rxjs", "highland", "baconjs", "kefir", "most", "xstream", "zepto",
      "@reactivex/rxjs", "seamless-immutable", "mori", "lazy.js", "ix",
  };
  for (std::string_view n : names) {
    if (module == n || (module.starts_with(n) && module.size() > n.size() && module[n.size()] == '/')) return true;
  }
  return false;
}

// Names that show how the file runs. Each list is matched whole-word.
constexpr std::string_view kBrowserGlobals[] = {"window", "document", "navigator", "localStorage", "jQuery", "$"};
constexpr std::string_view kNodeGlobals[] = {"require", "module",  "exports", "__dirname",
                                             "__filename", "process", "Buffer",  "global"};
// Callees whose results are wrapper-style collections, and the first word of
// each (what the text search looks for).
constexpr std::string_view kWrapperCallees[] = {"$", "jQuery", "_", "_.chain", "lodash", "cheerio.load", "highland"};
constexpr std::string_view kWrapperWords[] = {"$", "jQuery", "_", "lodash", "cheerio", "highland"};

template <std::size_t N>
bool listed(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// Evidence from the whole tree: top-level `await`, Node and browser globals,
// and wrapper-style collections.
struct Evidence {
  bool top_level_await = false;
  bool node = false;
  bool browser = false;
  bool wrappers = false;  // `$(...)`, `jQuery(...)`, `_(...)`, `_.chain(...)`
};

// Every piece of evidence is a node that holds one of a few words, so the
// walk enters only the nodes around those words' occurrences (walk_around)
// instead of the whole tree: the fixer reads this for every file with a
// finding, and a full walk cost as much as the rules' own.
Evidence gather(Node program, std::string_view text) {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> all{"await"};  // also in `for await`
    for (std::string_view w : kNodeGlobals) all.push_back(w);
    for (std::string_view w : kBrowserGlobals) all.push_back(w);
    for (std::string_view w : kWrapperWords) all.push_back(w);
    return all;
  }();
  const std::vector<std::uint32_t> offsets = names_occurrences(text, words);

  Evidence e;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> functions;  // open function ranges
  walk_around(program, offsets, [&](Node n) {
    while (!functions.empty() && n.start() >= functions.back().second) functions.pop_back();
    if (is_function_like(n) || n.is(Kind::class_body)) {
      functions.emplace_back(n.start(), n.end());
      return true;
    }
    if (n.is(Kind::await_expression) && functions.empty()) e.top_level_await = true;
    if (n.is(Kind::for_in_statement) && functions.empty() && slice(text, n).starts_with("for await")) {
      e.top_level_await = true;
    }
    if (n.is(Kind::identifier)) {
      const std::string_view name = slice(text, n);
      if (listed(kNodeGlobals, name)) e.node = true;
      if (listed(kBrowserGlobals, name)) e.browser = true;
    } else if (n.is(Kind::call_expression)) {
      const Node fn = n.field(Field::function);
      if (fn && listed(kWrapperCallees, slice(text, fn))) e.wrappers = true;
    }
    return true;
  });
  return e;
}

// How the file's own relative ES module specifiers end: `.js` when most
// carry that extension, empty when they carry none.
void read_specifier_habit(Node program, std::string_view text, Modules& modules) {
  std::map<std::string, int> endings;
  int bare = 0;
  for (const Node& s : program.named_children()) {
    Node source = s.is(Kind::import_statement) || s.is(Kind::export_statement) ? s.field(Field::source) : Node{};
    if (!source) continue;
    const std::string spec = string_value(slice(text, source));
    if (!spec.starts_with("./") && !spec.starts_with("../")) continue;
    modules.relative_imports = true;
    const std::size_t slash = spec.rfind('/');
    const std::size_t dot = spec.rfind('.');
    if (dot != std::string::npos && dot > slash + 1) {
      ++endings[spec.substr(dot)];
    } else {
      ++bare;
    }
  }
  const auto best = std::max_element(endings.begin(), endings.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best != endings.end() && best->second >= bare) modules.specifier_extension = best->first;
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

Modules read_modules(Node program, std::string_view text, std::string_view path, const FixOptions& options) {
  Modules modules{.program = program, .text = text, .path = path};
  // A component's block is in its `lang` (the tree's grammar); any other file
  // by its ending (a Flow file is JavaScript, whatever grammar reads it).
  const std::optional<SourceKind> kind = source_kind_for_path(path);
  const bool component = kind == SourceKind::vue || kind == SourceKind::svelte || kind == SourceKind::astro;
  modules.typescript = component ? program.grammar()->id() != Language::javascript
                                 : language_for_path(path) != Language::javascript;
  modules.project = options.project ? *options.project : read_project_facts(path, modules.typescript);

  bool es_syntax = false;
  for (const Node& s : program.named_children()) {
    if (s.is(Kind::import_statement)) {
      if (import_equals(s)) {
        modules.import_equals = true;
        modules.ts_module = true;
      } else {
        es_syntax = true;
      }
    } else if (s.is(Kind::export_statement)) {
      if (es_export(s, text)) es_syntax = true;
      modules.ts_module = true;
    }
  }
  if (es_syntax) modules.ts_module = true;
  const Evidence evidence = gather(program, text);
  es_syntax = es_syntax || evidence.top_level_await;

  // Node's rules: the extension (the source table: .mjs/.mts and components
  // are ES modules, .cjs/.cts CommonJS), then package.json's "type", then syntax.
  const fanout::ModuleSystem by_ending = module_system_for_path(path);
  const bool mjs = by_ending == fanout::ModuleSystem::esm;
  const bool cjs = by_ending == fanout::ModuleSystem::commonjs;
  if (mjs) {
    modules.esm_format = true;
  } else if (!cjs) {
    const std::string& type = modules.project.package.type;
    modules.esm_format = type == "module" || (type != "commonjs" && es_syntax);
  }
  if (mjs || cjs) modules.ts_module = true;
  modules.system = modules.esm_format ? ModuleSystem::esm : ModuleSystem::commonjs;
  if (!modules.typescript && !es_syntax && !evidence.node) {
    read_amd(program, text, modules);
    // A browser script: no module syntax, no Node global, browser globals.
    if (modules.system != ModuleSystem::amd && evidence.browser && !mjs && !cjs && !modules.esm_format) {
      modules.system = ModuleSystem::script;
    }
  }
  // What an added import is written as: ES syntax where the file has it (a
  // bundled CommonJS project may write imports too), or where Node runs it as
  // an ES module.
  modules.esm = modules.typescript ? true : (es_syntax || modules.esm_format);
  modules.ts = typescript_settings(modules.project, modules.esm_format);
  if (component) {
    // The framework's compiler (Vite, svelte, astro) bundles the block as an
    // ES module whatever tsconfig's `module` says: imports stay ES imports,
    // and a CommonJS package's default import is the bundler's interop.
    modules.ts.emits_commonjs = false;
    modules.ts.default_import_of_cjs = true;
  }
  modules.wrappers = evidence.wrappers;

  // Each finding asks about the bindings: indexed here once per tree, so a
  // bundle with thousands of requires and findings is not walked per finding.
  each_binding(program, text, [&](Node binding, const std::string& from) {
    modules.bindings[normalised_specifier(from)].push_back(binding);
    if (collection_library(from)) modules.wrappers = true;
    if (modules.bound.contains(from)) return;
    if (auto name = whole_module_name(binding, text)) {
      const Node declaration = binding.is(Kind::variable_declarator) ? binding.field(Field::name) : binding;
      modules.bound.emplace(from, Modules::Bound{.name = *name, .scope = program, .declaration = declaration,
                                                 .namespace_import = binding.is(Kind::import_clause) &&
                                                                     slice(text, binding).starts_with("*")});
    }
  });
  read_specifier_habit(program, text, modules);
  find_import_anchor(modules);
  modules.layout = detect_layout(text);
  return modules;
}

const Modules::Bound* bound_module(const Modules& modules, std::string_view module) {
  const auto it = modules.bound.find(std::string(module));
  return it == modules.bound.end() ? nullptr : &it->second;
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

ImportPlan plan_import(const Modules& modules, std::string_view name, const ImportRequest& request,
                       const RewriteFacts::ImportStyle& style) {
  ImportPlan plan;
  if (modules.system == ModuleSystem::amd) {
    plan.refusal = "this is an AMD module (`define(...)`): its dependencies are listed in `define`, not imported";
    return plan;
  }
  if (modules.system == ModuleSystem::script) {
    plan.refusal = "this is a browser script that loads no modules, so no import can be added";
    return plan;
  }
  const std::string module(request.module);
  const char* const end = style.semicolons ? ";" : "";
  const char quote = style.quote;
  const std::string binding = request.named ? fmt::format("{{ {} }}", name) : std::string(name);
  const auto import_from = [&](std::string_view what) {
    return fmt::format("import {} from {}{}{}{}", what, quote, module, quote, end);
  };
  if (!modules.typescript) {
    if (!modules.esm && request.es_module_only) {
      plan.refusal = fmt::format("`{}` is an ES module, which `require` cannot load in this CommonJS file", module);
      return plan;
    }
    plan.statement = modules.esm ? import_from(binding)
                                 : fmt::format("{} {} = require({}{}{}){}", style.var_only ? "var" : "const", binding,
                                               quote, module, quote, end);
    return plan;
  }
  // TypeScript: a file without import or export is a script whose names are
  // global; an import would make it a module (and change what it declares).
  if (!modules.ts_module && !modules.ts.module_detection_force) {
    plan.refusal = "this TypeScript file has no import or export (a global script to the compiler), and an import "
                   "would make it a module";
    return plan;
  }
  if (request.named || request.es_default_export) {
    if (modules.ts.emits_commonjs && request.es_module_only) {
      plan.refusal = fmt::format("`{}` is an ES module, which this file's CommonJS output cannot require", module);
      return plan;
    }
    plan.statement = import_from(binding);
    return plan;
  }
  // A CommonJS package (`export =`): the form that compiles under this file's tsconfig.
  if (modules.import_equals && modules.ts.emits_commonjs) {
    plan.statement = fmt::format("import {} = require({}{}{}){}", name, quote, module, quote, end);
  } else if (modules.ts.default_import_of_cjs) {
    plan.statement = import_from(binding);
  } else if (modules.ts.emits_commonjs) {
    plan.statement = fmt::format("import {} = require({}{}{}){}", name, quote, module, quote, end);
  } else if (request.namespace_ok) {
    plan.statement = import_from(fmt::format("* as {}", name));
  } else {
    plan.refusal = fmt::format("`{}` has no default export, and this tsconfig.json has neither esModuleInterop nor "
                               "allowSyntheticDefaultImports",
                               module);
  }
  return plan;
}

Edit import_edit(const Modules& modules, const Layout& layout, std::string_view unindented) {
  const std::string_view text = modules.text;
  // An indented script block (`<script>` with its code indented) keeps its indentation.
  const bool block = markup_before(text, modules.program.start());
  const std::uint32_t program_start = modules.program.start();
  const bool block_opens_line = block && starts_line(text, program_start);
  const std::string statement =
      (block_opens_line ? line_indent(layout, text, program_start) : std::string()) + std::string(unindented);
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
  // A component's script block starts after its markup: the import goes on
  // the block's first line, never before the `<script>` tag.
  const std::uint32_t start = !block ? bom : block_opens_line ? line_start(layout, program_start) : program_start;
  const bool first_blank = start >= text.size() || text[start] == '\n' || text[start] == '\r';
  return Edit{.start = start, .end = start,
              .replacement = std::string(statement) + layout.eol + (first_blank ? "" : layout.eol)};
}

}  // namespace fanout::fixer
