// The bluebird, p-map and custom styles: `Promise.all(E.map(cb))` becomes
// `callee(E, cb[, options])` by moving nothing but the call's punctuation, so
// E and cb keep their text, comments, type annotations and layout.
#include "fix/parts.hpp"

namespace fanout::fixer {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A callback on its own line under `E.map(` was indented one level deeper
// than E; once it is E's sibling argument it moves to E's indentation.
void realign_callback(const Shape& shape, std::string_view text, const Layout& layout, std::uint32_t open,
                      std::vector<Edit>& edits) {
  const Node cb = shape.callback;
  const std::string_view before = text.substr(open, cb.start() - open);
  if (before.find('\n') == std::string_view::npos || before.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    return;
  }
  if (shape.collection.start_row() == cb.start_row()) return;
  const std::string from = line_indent(layout, text, cb.start());
  const std::string to = line_indent(layout, text, shape.collection.start());
  if (from == to || !from.starts_with(to) || has_multiline_literal(cb, text)) return;
  edits.push_back(Edit{.start = open, .end = cb.start(), .replacement = layout.eol + to});
  const std::string_view body = text.substr(cb.start(), cb.end() - cb.start());
  std::string moved = reindent(body, from, to);
  if (moved != body) edits.push_back(Edit{.start = cb.start(), .end = cb.end(), .replacement = std::move(moved)});
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
  const bool own_line = line_indent(layout, text, close).size() == close - line_start(layout, close);
  std::string out = plan.options.empty() ? std::string() : ", " + plan.options;
  if (own_line && removed.find(',') != std::string::npos) out += ',';
  const std::string indent = line_indent(layout, text, close);
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
  if (shape.array_from) {
    // `Array.from(E, cb)` -> `Array.from(E), cb`: the series helpers need an
    // iterable, and Array.from also accepts array-likes such as `{ length: n }`.
    edits.push_back(Edit{.start = e_end, .end = e_end, .replacement = ")"});
  } else {
    // `E.map(` -> `E, `, keeping any comment written between them.
    const std::uint32_t open = shape.map_arguments.start() + 1;
    const std::string indent = line_indent(layout, text, shape.collection.start());
    std::string joint = ",";
    joint += kept_comments(text, comments_in(shape.map_call, e_end, open), layout, indent);
    const bool ends_line = joint.ends_with(layout.eol + indent);
    const std::string_view removed = text.substr(e_end, open - e_end);
    if (!ends_line && open < text.size() && !is_space(text[open])) {
      // A chain broken over lines (`users\n  .filter(f)\n  .map(cb)`) puts cb on its own line.
      joint += removed.find('\n') != std::string_view::npos ? layout.eol + indent : std::string(" ");
    }
    edits.push_back(Edit{.start = e_end, .end = open, .replacement = joint});
    realign_callback(shape, text, layout, open, edits);
  }

  edits.push_back(closing_edit(shape, text, layout, plan));
  if (plan.import) edits.push_back(import_edit(modules, layout, *plan.import));
  return edits;
}

}  // namespace fanout::fixer
