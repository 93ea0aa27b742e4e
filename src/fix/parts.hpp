// Internals of the rewrite engine, shared by its files (not a public contract):
// the recognised `Promise.all(E.map(cb))` shape, the file's layout and module
// style, and the pieces each rewrite style is built from.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/fix.hpp"
#include "fanout/options.hpp"
#include "fanout/rule.hpp"
#include "fanout/semantic.hpp"
#include "fanout/source_file.hpp"
#include "fanout/syntax.hpp"
#include "fix/project.hpp"

namespace fanout::fixer {

// ---- text and layout (layout.cpp) ----

/// How the file writes new lines and indentation, so inserted text blends in.
struct Layout {
  std::string eol = "\n";
  std::string indent_unit = "  ";
  /// Where each line starts (after \n): line_indent and line_end look lines
  /// up here, where a scan to the line's start or end per finding was
  /// quadratic on a minified bundle's one line.
  std::vector<std::uint32_t> line_starts{0};
};

Layout detect_layout(std::string_view text);
/// The leading whitespace of the line that holds `offset`.
std::string line_indent(const Layout& layout, std::string_view text, std::uint32_t offset);
/// The offset where the line holding `offset` starts.
std::uint32_t line_start(const Layout& layout, std::uint32_t offset);
/// Is only indentation before `offset` on its line?
bool starts_line(std::string_view text, std::uint32_t offset);
/// The offset of the line terminator ending the line that holds `offset`.
std::uint32_t line_end(const Layout& layout, std::string_view text, std::uint32_t offset);
/// Shifts every line but the first from indentation `from` to `to`; lines
/// indented less than `from` are left alone.
std::string reindent(std::string_view block, std::string_view from, std::string_view to);
/// Comments lying inside [start, end) under `scope`, in order.
std::vector<Node> comments_in(Node scope, std::uint32_t start, std::uint32_t end);
/// Comments written back after a removed range: each block comment on the
/// same line, each line comment followed by a new line and `indent`.
std::string kept_comments(std::string_view text, const std::vector<Node>& comments, const Layout& layout,
                          std::string_view indent);
/// Does any string or template literal under `node` span several lines?
bool has_multiline_literal(Node node, std::string_view text);

// ---- syntax helpers (syntax_helpers.cpp) ----

/// Skips parenthesized expressions upward.
Node parent_skipping_parens(Node node);
/// The program node a node belongs to.
Node program_of(Node node);
/// The `: T` annotation of a declarator or parameter, if it has one.
Node type_annotation_of(Node node);
/// The nearest enclosing function-like node, or null at the top level.
Node enclosing_function(Node node);
bool is_function_like(Node node);
bool is_async(Node function);
/// A string literal's value without its quotes (no escapes are decoded).
std::string string_value(std::string_view literal);
/// Every identifier-like name written under `node` (bindings, references,
/// type names), to choose names that cannot clash.
std::set<std::string> names_in(Node node, std::string_view text);
/// The names `node` refers to from outside: those not bound by a parameter of
/// a function inside it.
std::set<std::string> free_names(Node node, std::string_view text);
/// `base`, or `base` with a suffix, that is not in `taken`.
std::string free_name(const std::string& base, const std::set<std::string>& taken);
/// Is `name` written as an identifier anywhere under `node`?
bool mentions(Node node, std::string_view text, std::string_view name);

// ---- the recognised shape (shape.cpp) ----

enum class Consumer : std::uint8_t { await_, return_, arrow_body, chain };

/// `Promise.all(E.map(cb))` or `Promise.all(Array.from(E, cb))`, taken apart.
struct Shape {
  Node sink_call;      ///< `Promise.all(...)`
  Node sink_callee;    ///< `Promise.all`
  Node map_call;       ///< `E.map(cb)` or `Array.from(E, cb)`
  Node map_arguments;  ///< the `(...)` of the map call
  Node collection;     ///< `E`
  Node callback;       ///< `cb`
  Node function;       ///< the callback's function: inline, or the declaration a reference names
  bool array_from = false;
  Consumer consumer = Consumer::await_;
  Node consumer_node;  ///< the await_expression, return_statement or arrow_function
};

/// The shape, or why the finding is not rewritten automatically.
struct ShapeResult {
  std::optional<Shape> shape;
  std::string reason;  ///< empty when the finding is no promise combinator at all
  std::string sink;    ///< the combinator as written: `Promise.allSettled`
  std::string method;  ///< its method: `all`, `allSettled`, `any`, `race`
};

struct Modules;
ShapeResult recognise(const Finding& finding, const Semantic& semantic, const Modules& modules);

/// A parameter's binding pattern when it has no type, default or modifier.
Node plain_pattern(Node parameter);

// ---- modules (modules.cpp) ----

/// A name's declaration and the subtree it can be seen from.
struct Declaration {
  Node name;
  Node scope;
};

/// Every declaration of one name, indexed by where its scope starts: the
/// declarations covering a site are then found from the site's ancestors, not
/// by a pass over all of them (a bundle declares `a` in each of its functions).
struct NameDeclarations {
  std::vector<Declaration> all;  ///< in file order
  std::unordered_multimap<std::uint32_t, std::size_t> by_scope_start;
};

/// How Node (or the browser) runs the file.
enum class ModuleSystem : std::uint8_t { esm, commonjs, amd, script };

/// How the file loads modules, where a new import goes, and what is bound.
/// Read once per tree (RewriteFacts), shared by its findings.
struct Modules {
  Node program;
  std::string_view text;
  std::string_view path;
  bool typescript = false;
  ModuleSystem system = ModuleSystem::commonjs;
  bool esm_format = false;   ///< Node runs it as an ES module (extension, package.json "type", syntax)
  bool esm = false;          ///< an added import is written with `import` (else `require`)
  bool ts_module = false;    ///< TypeScript sees a module (import/export), not a global script
  bool import_equals = false;  ///< the file writes `import x = require('m')`
  bool wrappers = false;     ///< uses jQuery, cheerio, Immutable, lodash wrappers, rxjs, streams...
  bool relative_imports = false;     ///< has relative ES module specifiers
  std::string specifier_extension;   ///< the extension its relative specifiers carry, or empty
  ProjectFacts project;
  TypeScriptSettings ts;
  Layout layout;             ///< line endings and indentation (one scan of the text)
  /// A module bound whole to one name (`const B = require('m')`, `import * as B from 'm'`,
  /// an AMD factory parameter), by module specifier.
  struct Bound {
    std::string name;
    Node scope;        ///< where the binding lives: the program, or an AMD factory
    Node declaration;  ///< the binding's own name node (or clause)
    bool namespace_import = false;
  };
  std::map<std::string, Bound> bound;
  /// Top-level import clauses and require declarators, in file order, by the
  /// module they load (extension and `/index` dropped).
  std::map<std::string, std::vector<Node>, std::less<>> bindings;
  /// Where a new import goes: after the last leading import or require (any
  /// import in ESM), else the directive, else the opening comment or hash-bang.
  Node last_import;
  Node directive;
  Node hash_bang;
  Node header_end;  ///< last comment of the comment block opening the file
  /// Declarations by name, found on first question (scope.cpp).
  mutable std::map<std::string, NameDeclarations, std::less<>> declarations;
};

Modules read_modules(Node program, std::string_view text, std::string_view path, const FixOptions& options);
/// The top-level binding of a whole module, if the file has one.
const Modules::Bound* bound_module(const Modules& modules, std::string_view module);
/// Is `name` bound at top level by an import or require of `module` (any form)?
bool imports_name_from(const Modules& modules, std::string_view name, std::string_view module);

// ---- names (scope.cpp) ----

/// The declaration a name node makes (variable, parameter, function, class,
/// catch or loop binding, import), if it is one.
std::optional<Declaration> declaration_at(Node name, std::string_view text);
/// The declarations of `name` whose scope covers `site`, innermost scope
/// first (file order within one scope); linear in the site's depth.
std::vector<Declaration> declarations_covering(const Modules& modules, std::string_view name, Node site);
/// The declaration `name` means at `site`: the last one of the innermost scope covering it.
std::optional<Declaration> innermost_declaration(const Modules& modules, std::string_view name, Node site);
/// Does a declaration of `name` other than `own` cover `site`, below the top level?
bool shadowed_at(const Modules& modules, std::string_view name, Node site, Node own = {});
/// The names a binding pattern declares (default values and types left out).
std::set<std::string> pattern_names(Node pattern, std::string_view text);
/// Does anything under `body` assign one of `names` (`=`, `+=`, `++`, destructuring)?
bool assigns_any(Node body, std::string_view text, const std::set<std::string>& names);

/// What kind of module an added import loads.
struct ImportRequest {
  std::string_view module;
  bool named = false;              ///< `import { name } from` (a named export)
  bool es_default_export = false;  ///< the package's types have a real ES default export (p-map 5+)
  bool es_module_only = false;     ///< the package cannot be required (p-map 5+)
  bool namespace_ok = false;       ///< `import * as X` reaches its members (bluebird's statics)
};
/// The statement adding the import in the file's module system and
/// TypeScript settings, or why none can be added.
struct ImportPlan {
  std::string statement;
  std::string refusal;
};
ImportPlan plan_import(const Modules& modules, std::string_view name, const ImportRequest& request,
                       const RewriteFacts::ImportStyle& style);
/// The edit inserting an import statement after the file's last import.
Edit import_edit(const Modules& modules, const Layout& layout, std::string_view statement);
/// How the file writes its statements and module specifiers (one walk).
RewriteFacts::ImportStyle import_style(Node program, std::string_view text);

// ---- the collection and the callback (gate.cpp) ----

/// Why `E` may not be an Array (jQuery, cheerio, Immutable, lodash wrappers,
/// streams, observables), or empty.
std::string receiver_reason(const Shape& shape, const Semantic& semantic, const Modules& modules);
/// How the callback changes the collection it maps while it runs.
struct Mutation {
  bool appends = false;  ///< `E.push(...)`: a rewrite must read a snapshot, as `.map` does
  std::string reason;    ///< any other change: not rewritten
};
Mutation collection_mutation(const Shape& shape, const Semantic& semantic);
/// Why the elements look like running promises the callback settles, or empty.
std::string element_reason(const Shape& shape, const Semantic& semantic, const Modules& modules);

// ---- TypeScript (types.cpp) ----

/// Edits keeping the callback's element type when it moves to a library call.
struct Typing {
  std::vector<Edit> edits;
  std::string refusal;
};
Typing element_type_edits(const Shape& shape, const Modules& modules);
/// Is `name` read inside a function nested in `scope` (other than in `declaration`)?
bool used_in_closure(const Modules& modules, std::string_view name, Node scope, Node declaration);

// ---- styles ----

/// The edits for bluebird, p-map and custom: `callee(E, cb[, options])`.
struct CallPlan {
  std::string callee;
  std::string options;                   ///< `{ concurrency: 8 }`, or empty
  std::optional<std::string> import;     ///< statement to add, if the binding is missing
  std::string title;
  bool snapshot = false;                 ///< pass `E.slice()`: the callback appends to E
  std::vector<Edit> typing;              ///< TypeScript annotations keeping the element type
};
std::vector<Edit> call_edits(const Shape& shape, std::string_view text, const Layout& layout, const CallPlan& plan,
                             const Modules& modules);

/// What the `for...of` style needs beyond the shape.
struct LoopContext {
  const Modules& modules;
  bool snapshot = false;  ///< iterate `E.slice()`: the callback appends to E
};
/// The edits for the `for...of` style, or the reason there are none.
struct LoopResult {
  std::vector<Edit> edits;
  std::string reason;
};
LoopResult loop_edits(const Shape& shape, const Semantic& semantic, const Layout& layout, const LoopContext& context);

/// The custom style's import path as written in the fixed file.
std::string custom_specifier(const FixOptions& options, std::string_view file_path);
/// The file the custom style's import names, found on disk; empty when it is a package or missing.
std::string custom_target(const FixOptions& options);
/// A relative ES module specifier with the extension the file's habit (or
/// Node's ES module resolution) needs: `../lib/promise-utils.js`.
std::string with_extension_habit(const std::string& specifier, const Modules& modules, const FixOptions& options);

}  // namespace fanout::fixer
