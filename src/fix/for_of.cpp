// The `for-of` style: a statement that awaits `Promise.all(E.map(cb))` becomes
// a loop awaiting one call at a time. An inline callback is inlined when that
// keeps its meaning (plain parameters, a single final `return`); otherwise the
// loop calls it, so its text, comments and annotations are moved unchanged.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

enum class Form : std::uint8_t { assign, discard, give_back };

bool block_like(Node node) {
  const std::string_view type = node.type();
  return node.is(Kind::statement_block) || node.is(Kind::program) || type == "switch_case" ||
         type == "switch_default";
}

bool is_declaration(Node node) { return node.is(Kind::lexical_declaration) || node.is(Kind::variable_declaration); }

std::size_t declarator_count(Node declaration) {
  const std::vector<Node> children = declaration.named_children();
  return static_cast<std::size_t>(
      std::count_if(children.begin(), children.end(), [](const Node& n) { return n.is(Kind::variable_declarator); }));
}

// Nodes of `kind` under `root` that belong to root's own function body.
std::vector<Node> own_nodes(Node root, Kind kind) {
  std::vector<Node> found;
  walk(root, [&](Node n) {
    if (!(n == root) && (is_function_like(n) || n.is(Kind::class_body))) return false;
    if (n.is(kind)) found.push_back(n);
    return true;
  });
  return found;
}

// A cursor walk: indexed access (Node::named) is linear in the index.
std::vector<Node> statements_of(Node block) { return block.named_children(); }

// `await e` reads as `await (e)` only for these; anything else gets parentheses.
bool awaits_plainly(Node e) {
  switch (e.kind()) {
    case Kind::identifier:
    case Kind::call_expression:
    case Kind::member_expression:
    case Kind::subscript_expression:
    case Kind::parenthesized_expression:
    case Kind::new_expression:
    case Kind::template_string:
    case Kind::string:
    case Kind::number:
    case Kind::array:
    case Kind::object:
    case Kind::this_:
      return true;
    default:
      return false;
  }
}

// Values that are certainly not promises need no `await` before being pushed:
// literals, and the results of string and array methods that never return one.
bool plain_value(Node e, std::string_view text) {
  if (e.is(Kind::call_expression)) {
    const Node callee = e.field(Field::function);
    if (!callee.is(Kind::member_expression)) return false;
    const Node p = callee.field(Field::property);
    static const std::set<std::string_view> sync = {
        "join",     "slice",       "concat",  "toString", "trim",    "toUpperCase", "toLowerCase",
        "split",    "replace",     "padStart", "padEnd",  "toFixed", "includes",    "indexOf",
    };
    return sync.contains(text.substr(p.start(), p.end() - p.start()));
  }
  if (e.is(Kind::member_expression)) {
    const Node p = e.field(Field::property);
    return text.substr(p.start(), p.end() - p.start()) == "length";
  }
  switch (e.kind()) {
    case Kind::object:
    case Kind::array:
    case Kind::string:
    case Kind::template_string:
    case Kind::number:
    case Kind::true_:
    case Kind::false_:
      return true;
    default:
      return false;
  }
}

struct Builder {
  const Shape& shape;
  std::string_view text;
  const Layout& layout;
  Form form = Form::discard;
  std::string result;       // the array's name (assign and give_back)
  std::string semi = ";";
  std::string indent;       // the statement's indentation
  std::string body_indent;  // the loop body's

  std::string slice(Node n) const { return std::string(text.substr(n.start(), n.end() - n.start())); }

  // Is `name` declared in `scope` (outside nested functions) as `const name = await ...`?
  bool holds_awaited(Node scope, Node name) const {
    for (const Node& d : own_nodes(scope, Kind::variable_declarator)) {
      const Node value = d.field(Field::value);
      // Only a `const` keeps the awaited value for sure.
      if (d.field(Field::name).is(Kind::identifier) && slice(d.field(Field::name)) == slice(name) && value &&
          value.is(Kind::await_expression) && slice(d.parent()).starts_with("const")) {
        return true;
      }
    }
    return false;
  }

  std::string awaited(Node e) const {
    if (e.is(Kind::await_expression)) return slice(e);
    return awaits_plainly(e) ? "await " + slice(e) : "await (" + slice(e) + ")";
  }

  // The statement a callback's value becomes inside the loop. `scope` is
  // the callback body, where `const x = await ...` makes `x` a plain value.
  std::string consume(Node value, Node scope = {}) const {
    if (form == Form::discard) return awaited(value) + semi;
    const bool plain = plain_value(value, text) || (scope && value.is(Kind::identifier) && holds_awaited(scope, value));
    const std::string v = plain ? slice(value) : awaited(value);
    return fmt::format("{}.push({}){}", result, v, semi);
  }

  // Multi-line pieces move to the loop body's indentation, unless a literal
  // spans lines (re-indenting would change the string).
  std::string placed(Node scope, std::string piece, std::uint32_t first_line_at) const {
    if (has_multiline_literal(scope, text)) return piece;
    return reindent(piece, line_indent(layout, text, first_line_at), body_indent);
  }
};

struct LoopBody {
  std::string keyword = "const";  // `let` when the body assigns a parameter
  std::string element;
  std::string index;        // empty without an index
  std::string lines;        // starts at the body indentation
  Node kept;                // the part of the callback whose comments travel with it
};

// Inlines the callback as the loop body; nullopt when that could change meaning.
std::optional<LoopBody> inline_body(const Builder& b, const std::vector<Node>& params) {
  const Node fn = b.shape.function;
  if (!(b.shape.callback == fn)) return std::nullopt;
  std::vector<Node> patterns;
  for (std::size_t i = 0; i < params.size() && i < 2; ++i) {
    const Node p = plain_pattern(params[i]);
    if (!p) return std::nullopt;
    patterns.push_back(p);
  }
  // Loop variables are in their temporal dead zone while E is evaluated, and
  // must not hide the result array.
  const auto e_names = free_names(b.shape.collection, b.text);
  for (const Node& p : patterns) {
    for (const auto& n : names_in(p, b.text)) {
      if (e_names.contains(n)) return std::nullopt;
    }
  }
  if (!b.result.empty() && mentions(fn, b.text, b.result)) return std::nullopt;
  const Node body = fn.field(Field::body);
  // A named function expression that calls itself needs its name: it is called, not inlined.
  if (const Node name = fn.field(Field::name); name && mentions(body, b.text, b.slice(name))) return std::nullopt;
  // `this` changes meaning outside a function expression; `var` and function
  // declarations would leak into the enclosing function.
  if (!fn.is(Kind::arrow_function) && !own_nodes(body, Kind::this_).empty()) return std::nullopt;
  if (!own_nodes(body, Kind::variable_declaration).empty()) return std::nullopt;
  if (!own_nodes(body, Kind::function_declaration).empty()) return std::nullopt;

  LoopBody out;
  if (patterns.empty()) {
    auto taken = names_in(fn, b.text);
    taken.merge(free_names(b.shape.collection, b.text));
    out.element = free_name("item", taken);
  } else {
    out.element = b.slice(patterns[0]);
  }
  if (patterns.size() > 1) out.index = b.slice(patterns[1]);
  out.kept = body;
  // A parameter the body assigns stays assignable (a `const` loop binding would throw).
  std::set<std::string> bound;
  for (const Node& p : patterns) bound.merge(pattern_names(p, b.text));
  if (assigns_any(body, b.text, bound)) out.keyword = "let";

  if (!body.is(Kind::statement_block)) {
    out.lines = b.body_indent + b.placed(body, b.consume(body), body.start());
    return out;
  }
  const auto statements = statements_of(body);
  const auto returns = own_nodes(body, Kind::return_statement);
  Node last;
  for (const Node& s : statements) {
    if (!s.is(Kind::comment)) last = s;
  }
  if (returns.size() > 1 || (returns.size() == 1 && !(returns[0] == last))) return std::nullopt;
  if (statements.empty()) {
    out.lines = b.form == Form::discard ? b.body_indent + "// nothing to do"
                                        : b.body_indent + fmt::format("{}.push(undefined){}", b.result, b.semi);
    return out;
  }
  const std::uint32_t from = statements.front().start();
  std::string lines;
  std::string tail;
  if (!returns.empty()) {
    Node value;
    for (const Node& child : last.named_children()) {
      if (!child.is(Kind::comment)) {
        value = child;
        break;
      }
    }
    lines = std::string(b.text.substr(from, last.start() - from));
    if (value) {
      lines += b.consume(value, body);
    } else if (b.form != Form::discard) {
      lines += fmt::format("{}.push(undefined){}", b.result, b.semi);
    }
    lines += b.text.substr(last.end(), statements.back().end() - last.end());
  } else {
    lines = std::string(b.text.substr(from, statements.back().end() - from));
    if (b.form != Form::discard) {
      lines += b.layout.eol + line_indent(b.layout, b.text, from) + fmt::format("{}.push(undefined){}", b.result, b.semi);
    }
  }
  // Drop whitespace left where a bare `return;` was.
  while (!lines.empty() && (lines.back() == ' ' || lines.back() == '\t' || lines.back() == '\n' || lines.back() == '\r')) {
    lines.pop_back();
  }
  // Indentation is measured on the first statement that starts its own line:
  // a comment right after `{` does not tell how deep the body is.
  std::uint32_t base = from;
  for (const Node& st : statements) {
    if (starts_line(b.text, st.start())) {
      base = st.start();
      break;
    }
  }
  out.lines = b.body_indent + b.placed(body, lines, base);
  return out;
}

// Calls the callback from the loop body: always the same meaning.
LoopBody call_body(const Builder& b, const std::vector<Node>& params) {
  LoopBody out;
  // Loop variables avoid E's names (temporal dead zone), the array, and the
  // name of a referenced callback.
  auto avoid = free_names(b.shape.collection, b.text);
  if (!b.result.empty()) avoid.insert(b.result);
  if (!(b.shape.callback == b.shape.function)) avoid.insert(b.slice(b.shape.callback));
  // The callback's own parameter names read best (`for (const id of ids)`);
  // inside the callback they are its parameters anyway. A made-up name must
  // also avoid every name the callback uses.
  const auto pick = [&](std::size_t i, std::string base) {
    if (i < params.size()) {
      Node p = params[i];
      if (p.is(Kind::required_parameter) && !p.field(Field::value)) p = p.field(Field::pattern);
      if (p.is(Kind::identifier)) {
        base = b.slice(p);
        if (!avoid.contains(base)) return base;
      }
    }
    auto taken = avoid;
    taken.merge(names_in(b.shape.callback, b.text));
    return free_name(base, taken);
  };
  out.element = pick(0, "item");
  avoid.insert(out.element);
  if (params.size() > 1) out.index = pick(1, "index");

  const bool inline_fn = b.shape.callback == b.shape.function;
  std::string callee = b.slice(b.shape.callback);
  if (inline_fn) callee = "(" + callee + ")";
  const std::string args = out.index.empty() ? out.element : out.element + ", " + out.index;
  const std::string call = fmt::format("{}({})", callee, args);
  const std::string line = b.form == Form::discard ? fmt::format("await {}{}", call, b.semi)
                                                   : fmt::format("{}.push(await {}){}", b.result, call, b.semi);
  out.lines = b.body_indent + b.placed(b.shape.callback, line, b.shape.callback.start());
  out.kept = b.shape.callback;
  return out;
}

// E as the loop's source. A chain broken over lines is joined onto the `for`
// line, its comments moving above the loop, unless something in it depends
// on line breaks (multi-line literals, statement blocks relying on ASI). Kept
// over lines, a chain with a statement block is indented from the `for`
// line (`indent`) as it was from its own first line.
std::string loop_source(Node collection, std::string_view text, const Layout& layout, std::string_view indent,
                        std::vector<Node>& moved_comments) {
  const std::string_view whole = text.substr(collection.start(), collection.end() - collection.start());
  if (whole.find('\n') == std::string_view::npos || has_multiline_literal(collection, text)) return std::string(whole);
  bool block = false;
  walk(collection, [&](Node n) {
    if (n.is(Kind::statement_block)) block = true;
    return !block;
  });
  if (block) return reindent(whole, line_indent(layout, text, collection.start()), indent);
  const auto comments = comments_in(collection, collection.start(), collection.end());
  std::string source;
  std::uint32_t at = collection.start();
  for (const Node& c : comments) {
    source += text.substr(at, c.start() - at);
    at = c.end();
  }
  source += text.substr(at, collection.end() - at);
  moved_comments = comments;

  std::string joined;
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] != '\n' && source[i] != '\r') {
      joined += source[i];
      continue;
    }
    while (!joined.empty() && (joined.back() == ' ' || joined.back() == '\t')) joined.pop_back();
    std::size_t next = i;
    while (next < source.size() && std::isspace(static_cast<unsigned char>(source[next]))) ++next;
    // `users\n  .filter(f)` reads as `users.filter(f)`; other breaks become a space.
    const bool glue = next < source.size() && (source[next] == '.' || source[next] == ')' || source[next] == ']');
    const bool after_open = !joined.empty() && (joined.back() == '(' || joined.back() == '[');
    if (!glue && !after_open) joined += ' ';
    i = next - 1;
  }
  return joined;
}

// `return promise` inside a `try` hands the promise out: that try never sees
// its rejection, and a `finally` runs before the work ends. A loop awaiting
// inside the try would change both.
std::string returned_inside_try(Node statement) {
  const std::vector<Node> chain = statement.ancestors();
  Node inner = statement;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node n = *it;
    if (is_function_like(n)) break;
    if (n.type() == "try_statement") {
      const Node body = n.field(Field::body);
      if (body && body == inner) {
        return "`return Promise.all(...)` inside a `try` hands the promise out, so that `try` never sees its "
               "rejection (and a `finally` runs before the work ends); a loop would await inside it; not rewritten: "
               "return a bounded promise instead, e.g. `return pMap(items, fn, { concurrency: 8 })`";
      }
    }
    if (n.is(Kind::catch_clause)) {
      const Node try_statement = n.parent();
      for (std::uint32_t i = 0; try_statement && i < try_statement.named_count(); ++i) {
        if (try_statement.named(i).type() == "finally_clause") {
          return "`return Promise.all(...)` inside a `catch` hands the promise out before the `finally` runs; a "
                 "loop would await before it; not rewritten: return a bounded promise instead, e.g. `return "
                 "pMap(items, fn, { concurrency: 8 })`";
        }
      }
    }
    inner = n;
  }
  return {};
}

}  // namespace

LoopResult loop_edits(const Shape& shape, const Semantic& semantic, const Layout& layout, const LoopContext& context) {
  const std::string_view text = semantic.file().text();
  const Modules& modules = context.modules;
  LoopResult out;
  auto refuse = [&](std::string reason) {
    out.reason = std::move(reason);
    return out;
  };
  if (shape.consumer == Consumer::arrow_body) {
    return refuse("the combined promise is an arrow function's result, and a loop needs a statement");
  }
  Builder b{.shape = shape, .text = text, .layout = layout};
  const Node holder = shape.consumer == Consumer::await_ ? parent_skipping_parens(shape.consumer_node)
                                                         : shape.consumer_node;
  Node statement;  // replaced (discard, give_back) or followed by the loop (assign)
  Node value;
  Node declared;   // assign: the variable's name
  if (holder.is(Kind::variable_declarator)) {
    const Node name = holder.field(Field::name);
    value = holder.field(Field::value);
    if (!name.is(Kind::identifier)) return refuse("the result is destructured");
    if (!value || !value.contains(shape.consumer_node)) return refuse("the result is not the variable's value");
    statement = holder.parent();
    if (!is_declaration(statement) || declarator_count(statement) != 1) {
      return refuse("the declaration declares several variables");
    }
    b.form = Form::assign;
    b.result = b.slice(name);
    declared = name;
  } else if (holder.is(Kind::expression_statement)) {
    statement = holder;
    b.form = Form::discard;
  } else if (holder.is(Kind::return_statement)) {
    statement = holder;
    b.form = Form::give_back;
    const Node fn = enclosing_function(statement);
    if (!fn || !is_async(fn)) return refuse("the `return` is not in an async function");
    if (shape.consumer == Consumer::return_) {
      if (std::string why = returned_inside_try(statement); !why.empty()) return refuse(why);
    }
  } else {
    return refuse("the combined promise is not awaited as a statement of its own");
  }
  const Node placed = statement.parent().is(Kind::export_statement) ? statement.parent() : statement;
  if (!block_like(placed.parent())) return refuse("the statement is not directly in a block");

  b.semi = b.slice(statement).ends_with(";") ? ";" : "";
  b.indent = line_indent(layout, text, placed.start());
  b.body_indent = b.indent + layout.indent_unit;
  const Node scope = enclosing_function(statement) ? enclosing_function(statement) : program_of(statement);
  // TypeScript: an untyped `const x = []` filled in a loop is typed by what it
  // is given, unless it is read in a closure (TS7034), exported, or declared
  // with a type that cannot take a push (`readonly T[]`): then the loop fills
  // a fresh array and the declaration, unchanged, takes it afterwards.
  bool through_temporary = false;
  if (b.form == Form::assign && modules.typescript) {
    const Node type = type_annotation_of(holder);
    const std::string_view annotation = type ? text.substr(type.start(), type.end() - type.start()) : "";
    const bool mutable_array = annotation.ends_with("[]") && annotation.find("readonly") == std::string_view::npos;
    if (type && !mutable_array) through_temporary = true;
    if (!type && (placed.is(Kind::export_statement) || used_in_closure(modules, b.result, scope, declared))) {
      through_temporary = true;
    }
  }
  if (b.form == Form::give_back || through_temporary) b.result = free_name("results", names_in(scope, text));

  const auto params = shape.function.parameters();
  std::optional<LoopBody> body = inline_body(b, params);
  if (!body) body = call_body(b, params);

  std::vector<Node> moved;  // comments taken out of E
  std::string source = loop_source(shape.collection, text, layout, b.indent, moved);
  if (shape.array_from) source = fmt::format("Array.from({})", source);
  if (context.snapshot) source += ".slice()";  // `.map` never sees elements the callback appends
  std::string head;
  std::string first_line;  // the counted loop's element binding
  if (body->index.empty()) {
    head = fmt::format("{} {} of {}", body->keyword, body->element, source);
  } else if (!modules.typescript || modules.ts.iterates_entries) {
    head = fmt::format("{} [{}, {}] of {}.entries()", body->keyword, body->index, body->element, source);
  } else {
    // ES5 without downlevelIteration cannot iterate `.entries()` (TS2802): count instead.
    const bool simple = shape.collection.unwrapped().is(Kind::identifier) && !shape.array_from && !context.snapshot;
    if (!simple || !modules.ts.unchecked_index || body->keyword == "let") {
      return refuse("the target (ES5 without downlevelIteration) cannot iterate `.entries()`, and a counted loop "
                    "would not keep the element type");
    }
    head = fmt::format("let {0} = 0; {0} < {1}.length; {0}++", body->index, source);
    first_line = fmt::format("{}const {} = {}[{}]{}", b.body_indent, body->element, source, body->index, b.semi) +
                 layout.eol;
  }

  // Comments in the removed code, outside what the loop keeps, go above it.
  const Node removed = b.form == Form::assign ? value : statement;
  std::string comments;
  for (const Node& c : comments_in(removed, removed.start(), removed.end())) {
    const bool moved_out = std::find(moved.begin(), moved.end(), c) != moved.end();
    if ((shape.collection.contains(c) && !moved_out) || body->kept.contains(c)) continue;
    comments += b.slice(c) + layout.eol + b.indent;
  }
  const std::string loop = fmt::format("{}for ({}) {{{}{}{}{}{}}}", comments, head, layout.eol, first_line,
                                       body->lines, layout.eol, b.indent);

  if (through_temporary) {
    // `const rows: readonly Row[] = await ...` -> `const results = []; for ...; const rows: readonly Row[] = results;`
    const std::string declaration = std::string(text.substr(placed.start(), value.start() - placed.start())) +
                                    b.result + std::string(text.substr(value.end(), placed.end() - value.end()));
    out.edits.push_back(Edit{
        .start = placed.start(),
        .end = placed.end(),
        .replacement = fmt::format("const {} = []{}{}{}{}{}{}", b.result, b.semi, layout.eol, b.indent, loop,
                                   layout.eol + b.indent, declaration),
    });
    return out;
  }
  switch (b.form) {
    case Form::assign: {
      out.edits.push_back(Edit{.start = value.start(), .end = value.end(), .replacement = "[]"});
      // After the declaration, or after a comment closing its line.
      std::uint32_t at = placed.end();
      const std::uint32_t eol_at = line_end(layout, text, at);
      const std::string_view rest = text.substr(at, eol_at - at);
      const std::size_t first = rest.find_first_not_of(" \t");
      if (first == std::string_view::npos || rest.substr(first).starts_with("//")) at = eol_at;
      out.edits.push_back(Edit{.start = at, .end = at, .replacement = layout.eol + b.indent + loop});
      break;
    }
    case Form::discard:
      out.edits.push_back(Edit{.start = statement.start(), .end = statement.end(), .replacement = loop});
      break;
    case Form::give_back:
      out.edits.push_back(Edit{
          .start = statement.start(),
          .end = statement.end(),
          .replacement = fmt::format("const {} = []{}{}{}{}{}return {}{}", b.result, b.semi, layout.eol, b.indent, loop,
                                     layout.eol + b.indent, b.result, b.semi),
      });
      break;
  }
  return out;
}

}  // namespace fanout::fixer
