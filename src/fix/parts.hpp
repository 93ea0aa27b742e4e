// Internals of the rewrite engine, shared by its files (not a public contract):
// the recognised `Promise.all(E.map(cb))` shape, the file's layout and module
// style, and the pieces each rewrite style is built from.
#pragma once

#include <cstdint>
#include <map>
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
};

struct Modules;
ShapeResult recognise(const Finding& finding, const Semantic& semantic, const Modules& modules);

/// A parameter's binding pattern when it has no type, default or modifier.
Node plain_pattern(Node parameter);

// ---- modules (modules.cpp) ----

/// How the file loads modules, where a new import goes, and what is bound.
/// Read once per tree (RewriteFacts::modules), never per finding.
struct Modules {
  bool esm = false;
  Node program;
  std::string_view text;
  /// Top-level import clauses and require declarators, in file order, by the
  /// module they load (extension and `/index` dropped).
  std::map<std::string, std::vector<Node>, std::less<>> bindings;
  /// The first name bound to each module as a whole (`import B from 'm'`,
  /// `const B = require('m')`), by the module as written.
  std::map<std::string, std::string, std::less<>> whole_module;
  /// Where a new import goes: after the last leading import or require (any
  /// import in ESM), else the directive, else the opening comment or hash-bang.
  Node last_import;
  Node directive;
  Node hash_bang;
  Node header_end;  ///< last comment of the comment block opening the file
};

Modules read_modules(Node program, std::string_view text, std::string_view path);
/// The local name a top-level default import or whole-module require binds to
/// `module`, if any.
std::optional<std::string> bound_name(const Modules& modules, std::string_view module);
/// Is `name` bound at top level by an import or require of `module` (any form)?
bool imports_name_from(const Modules& modules, std::string_view name, std::string_view module);
/// The edit adding `import name from 'module'` (or the require form).
Edit import_edit(const Modules& modules, const Layout& layout, std::string_view statement);
/// The statement binding `name` to `module`'s default export (or to named `member`).
std::string import_statement(const Modules& modules, std::string_view name, std::string_view module,
                             bool named, const RewriteFacts::ImportStyle& style);
/// How the file writes its statements and module specifiers (one walk).
RewriteFacts::ImportStyle import_style(Node program, std::string_view text);

// ---- styles ----

/// The edits for bluebird, p-map and custom: `callee(E, cb[, options])`.
struct CallPlan {
  std::string callee;
  std::string options;                   ///< `{ concurrency: 8 }`, or empty
  std::optional<std::string> import;     ///< statement to add, if the binding is missing
  std::string title;
};
std::vector<Edit> call_edits(const Shape& shape, std::string_view text, const Layout& layout, const CallPlan& plan,
                             const Modules& modules);

/// The edits for the `for...of` style, or the reason there are none.
struct LoopResult {
  std::vector<Edit> edits;
  std::string reason;
};
LoopResult loop_edits(const Shape& shape, const Semantic& semantic, const Layout& layout);

/// The custom style's import path as written in the fixed file.
std::string custom_specifier(const FixOptions& options, std::string_view file_path);

}  // namespace fanout::fixer
