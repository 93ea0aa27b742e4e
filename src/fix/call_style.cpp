// The bluebird, p-map and custom styles: `Promise.all(E.map(cb))` becomes
// `callee(E, cb[, options])` by moving nothing but the call's punctuation, so
// E and cb keep their text, comments, type annotations and layout.
#include <algorithm>

#include "fix/parts.hpp"

namespace fanout::fixer {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The callback's new text: TypeScript annotations applied, and, when it sat
// on its own line under `E.map(`, one level shallower, since it becomes E's
// sibling argument. Empty when it does not change.
std::string moved_callback(const Shape& shape, std::string_view text, const Layout& layout, std::uint32_t open,
                           const CallPlan& plan, bool& realigned) {
  const Node cb = shape.callback;
  std::string body(text.substr(cb.start(), cb.end() - cb.start()));
  std::vector<Edit> typing = plan.typing;
  std::sort(typing.begin(), typing.end(), [](const Edit& a, const Edit& b) { return a.start > b.start; });
  for (const Edit& e : typing) body.replace(e.start - cb.start(), e.end - e.start, e.replacement);
  realigned = false;
  const std::string_view before = text.substr(open, cb.start() - open);
  // Only when E starts a line of its own: a callback under `await Promise.all(items.map(`
  // already sits one level below the statement, where it stays.
  const bool own_line = !shape.array_from && before.find('\n') != std::string_view::npos &&
                        before.find_first_not_of(" \t\r\n") == std::string_view::npos &&
                        shape.collection.start_row() != cb.start_row() &&
                        starts_line(text, shape.collection.unwrapped().start());
  if (own_line) {
    const std::string from = line_indent(layout, text, cb.start());
    const std::string to = line_indent(layout, text, shape.collection.start());
    if (from != to && from.starts_with(to) && !has_multiline_literal(cb, text)) {
      body = reindent(body, from, to);
      realigned = true;
    }
  }
  return body == text.substr(cb.start(), cb.end() - cb.start()) ? std::string() : body;
}

// `cb)<comments>)` -> `cb[, options]<comments>)`: what follows cb is only
// punctuation and comments, so it is rewritten whole. The map call's closing
// parenthesis goes; a trailing comma and a closing line of its own stay.
Edit closing_edit(const Shape& shape, std::string_view text, const Layout& layout, const CallPlan& plan) {
  const std::uint32_t from = shape.callback.end();
  const std::uint32_t close = shape.sink_call.end() - 1;  // the combinator's `)`
  const auto comments = comments_in(shape.sink_call, from, close);
  std::string removed(text.substr(from, close - from));
  for (auto it = comments.rbegin(); it != comments.rend(); ++it) {
    removed.erase(it->start() - from, it->end() - it->start());
  }
  // The closing parentheses stand on a line of their own when the map call's
  // or the combinator's does: the combinator's then takes that line.
  const std::uint32_t map_close = shape.array_from ? close : shape.map_call.end() - 1;
  const std::uint32_t first_close = starts_line(text, close) ? close : map_close;
  const bool own_line = starts_line(text, first_close);
  std::string out;
  if (!plan.options.empty()) {
    // After a multi-line expression body, `{ concurrency }` on the body's last
    // line would read as part of it: it starts a line of its own.
    const Node cb = shape.callback;
    const Node body = cb.is(Kind::arrow_function) ? cb.field(Field::body) : Node{};
    const bool expression_body = body && !body.is(Kind::statement_block);
    const bool multi_line = text.substr(cb.start(), cb.end() - cb.start()).find('\n') != std::string_view::npos;
    out = expression_body && multi_line && comments.empty()
              ? "," + layout.eol + line_indent(layout, text, cb.start()) + plan.options
              : ", " + plan.options;
  }
  if (own_line && removed.find(',') != std::string::npos) out += ',';
  const std::string indent = line_indent(layout, text, first_close);
  for (std::size_t i = 0; i < comments.size(); ++i) {
    const std::string_view c = text.substr(comments[i].start(), comments[i].end() - comments[i].start());
    out += ' ';
    out += c;
    const bool line_comment = c.starts_with("//");
    // A line comment ends its line; so does the last comment before a closing line.
    if (line_comment && (i + 1 < comments.size() || !own_line)) out += layout.eol + line_indent(layout, text, shape.callback.start());
  }
  if (own_line) out += layout.eol + indent;
  return Edit{.start = from, .end = close, .replacement = out};
}

}  // namespace

std::vector<Edit> call_edits(const Shape& shape, std::string_view text, const Layout& layout, const CallPlan& plan,
                             const Modules& modules) {
  std::vector<Edit> edits;
  edits.push_back(Edit{.start = shape.sink_callee.start(), .end = shape.sink_callee.end(), .replacement = plan.callee});

  const std::uint32_t e_end = shape.collection.end();
  const std::uint32_t open = shape.map_arguments.start() + 1;
  bool realigned = false;
  const std::string callback = moved_callback(shape, text, layout, open, plan, realigned);
  if (shape.array_from) {
    // `Array.from(E, cb)` -> `Array.from(E), cb`: the series helpers need an
    // iterable, and Array.from also accepts array-likes such as `{ length: n }`.
    edits.push_back(Edit{.start = e_end, .end = e_end, .replacement = ")"});
  } else {
    // `E.map(` -> `E, `, keeping any comment written between them; `E.slice(), `
    // when the callback appends to E (`.map` never sees what is appended).
    const std::string indent = line_indent(layout, text, shape.collection.start());
    std::string joint = plan.snapshot ? ".slice()," : ",";
    joint += kept_comments(text, comments_in(shape.map_call, e_end, open), layout, indent);
    const bool ends_line = joint.ends_with(layout.eol + indent);
    const std::string_view removed = text.substr(e_end, open - e_end);
    if (!ends_line && open < text.size() && !is_space(text[open])) {
      // A chain broken over lines (`users\n  .filter(f)\n  .map(cb)`) puts cb on its own line.
      joint += removed.find('\n') != std::string_view::npos ? layout.eol + indent : std::string(" ");
    }
    if (realigned) {
      // The callback moves to E's indentation, on a line of its own.
      joint += layout.eol + line_indent(layout, text, shape.collection.start());
      edits.push_back(Edit{.start = e_end, .end = shape.callback.start(), .replacement = joint});
    } else {
      edits.push_back(Edit{.start = e_end, .end = open, .replacement = joint});
    }
  }
  if (!callback.empty()) {
    edits.push_back(Edit{.start = shape.callback.start(), .end = shape.callback.end(), .replacement = callback});
  }

  edits.push_back(closing_edit(shape, text, layout, plan));
  if (plan.import) edits.push_back(import_edit(modules, layout, *plan.import));
  return edits;
}

}  // namespace fanout::fixer
