// The file's own conventions for inserted text: line endings, indentation,
// and the comments a rewrite must carry over (style.md, Fixes: edits keep
// comments and layout).
#include <algorithm>
#include <map>

#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

std::size_t leading_blanks(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

}  // namespace

Layout detect_layout(std::string_view text) {
  Layout layout;
  std::size_t crlf = 0;
  std::size_t lf = 0;
  std::size_t tab_lines = 0;
  std::size_t space_lines = 0;
  std::map<std::size_t, std::size_t> steps;  // indentation increase -> how often
  std::size_t previous = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    const bool last = nl == std::string_view::npos;
    if (!last) {
      if (nl > pos && text[nl - 1] == '\r') ++crlf; else ++lf;
    }
    std::string_view line = text.substr(pos, (last ? text.size() : nl) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t blanks = leading_blanks(line);
    // Blank lines and block-comment continuations (` * x`) say nothing about the unit.
    if (blanks < line.size() && line[blanks] != '*') {
      if (blanks > 0 && line[0] == '\t') ++tab_lines;
      if (blanks > 0 && line[0] == ' ') ++space_lines;
      if (line[0] != '\t' && blanks > previous) ++steps[blanks - previous];
      previous = line[0] == '\t' ? previous : blanks;
    }
    if (last) break;
    pos = nl + 1;
    layout.line_starts.push_back(static_cast<std::uint32_t>(pos));
  }
  if (crlf > lf) layout.eol = "\r\n";
  if (tab_lines > space_lines) {
    layout.indent_unit = "\t";
  } else if (!steps.empty()) {
    const auto best = std::max_element(steps.begin(), steps.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best->first >= 1 && best->first <= 8) layout.indent_unit = std::string(best->first, ' ');
  }
  return layout;
}

std::uint32_t line_start(const Layout& layout, std::uint32_t offset) {
  const auto it = std::upper_bound(layout.line_starts.begin(), layout.line_starts.end(), offset);
  return it == layout.line_starts.begin() ? 0 : *(it - 1);
}

std::string line_indent(const Layout& layout, std::string_view text, std::uint32_t offset) {
  const std::size_t start = std::min<std::size_t>(line_start(layout, offset), text.size());
  std::size_t end = start;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return std::string(text.substr(start, end - start));
}

bool starts_line(std::string_view text, std::uint32_t offset) {
  std::size_t at = offset > text.size() ? text.size() : offset;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  return at == 0 || text[at - 1] == '\n';
}

std::uint32_t line_end(const Layout& layout, std::string_view text, std::uint32_t offset) {
  const auto next = std::upper_bound(layout.line_starts.begin(), layout.line_starts.end(), offset);
  if (next == layout.line_starts.end()) return static_cast<std::uint32_t>(text.size());
  std::size_t nl = *next - 1;  // the '\n' ending the line
  if (nl >= text.size() || text[nl] != '\n') return static_cast<std::uint32_t>(text.size());
  if (nl > offset && text[nl - 1] == '\r') --nl;
  return static_cast<std::uint32_t>(nl);
}

std::string reindent(std::string_view block, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= block.size()) {
    std::size_t nl = block.find('\n', pos);
    const bool last = nl == std::string_view::npos;
    std::string_view line = block.substr(pos, (last ? block.size() : nl + 1) - pos);
    if (!first && line.substr(0, from.size()) == from) {
      const std::string_view rest = line.substr(from.size());
      // A blank line stays blank rather than gaining trailing whitespace.
      if (!(rest.empty() || rest[0] == '\n' || rest[0] == '\r')) out += to;
      out += rest;
    } else {
      out += line;
    }
    first = false;
    if (last) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<Node> comments_in(Node scope, std::uint32_t start, std::uint32_t end) {
  std::vector<Node> found;
  if (!scope) return found;
  walk(scope, [&](Node n) {
    if (n.end() <= start || n.start() >= end) return false;
    if (n.is(Kind::comment)) {
      if (n.start() >= start && n.end() <= end) found.push_back(n);
      return false;
    }
    return true;
  });
  return found;
}

std::string kept_comments(std::string_view text, const std::vector<Node>& comments, const Layout& layout,
                          std::string_view indent) {
  std::string out;
  for (const Node& c : comments) {
    const std::string_view body = text.substr(c.start(), c.end() - c.start());
    out += ' ';
    out += body;
    if (body.starts_with("//")) {
      out += layout.eol;
      out += indent;
    }
  }
  return out;
}

bool has_multiline_literal(Node node, std::string_view text) {
  bool found = false;
  walk(node, [&](Node n) {
    if (found) return false;
    if (n.is(Kind::template_string) || n.is(Kind::string)) {
      if (text.substr(n.start(), n.end() - n.start()).find('\n') != std::string_view::npos) found = true;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace fanout::fixer
