#include "config/glob.hpp"

namespace fanout::config {
namespace {

// `[...]` at the start of `p`; sets `end` past the class. False when unclosed
// (then `[` is an ordinary character, as git treats it).
bool class_match(std::string_view p, char c, std::size_t& end) {
  std::size_t i = 1;
  const bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negate) ++i;
  bool matched = false;
  bool first = true;
  for (; i < p.size() && (first || p[i] != ']'); first = false) {
    char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = p[i + 2];
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++i;
  }
  if (i >= p.size()) return false;
  end = i + 1;
  return matched != negate;
}

// Backtracking match of one brace-free pattern; patterns are short.
bool match(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      std::size_t stars = 0;
      while (stars < p.size() && p[stars] == '*') ++stars;
      std::string_view rest = p.substr(stars);
      if (rest.empty()) return true;
      if (rest.front() == '/') {
        // `**/` is zero or more whole segments.
        rest.remove_prefix(1);
        if (match(rest, s)) return true;
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (s[i] == '/' && match(rest, s.substr(i + 1))) return true;
        }
        return false;
      }
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match(rest, s.substr(i))) return true;
      }
      return false;
    }
    const char c = p.front();
    if (c == '*') {
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match(p.substr(1), s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
      p.remove_prefix(1);
    } else if (c == '[') {
      std::size_t end = 0;
      if (s.front() != '/' && class_match(p, s.front(), end)) {
        p.remove_prefix(end);
      } else if (end == 0 && s.front() == '[' && p.find(']') == std::string_view::npos) {
        p.remove_prefix(1);  // unclosed: a literal `[`
      } else {
        return false;
      }
    } else {
      char literal = c;
      if (c == '\\' && p.size() > 1) {
        literal = p[1];
        p.remove_prefix(1);
      }
      if (s.front() != literal) return false;
      p.remove_prefix(1);
    }
    s.remove_prefix(1);
  }
  return s.empty();
}

// `a{b,c}d` -> `abd`, `acd` (nested braces expand from the first one).
void expand_braces(const std::string& pattern, std::vector<std::string>& out) {
  const auto open = pattern.find('{');
  if (open == std::string::npos) {
    out.push_back(pattern);
    return;
  }
  int depth = 0;
  std::vector<std::size_t> commas;
  std::size_t close = std::string::npos;
  for (std::size_t i = open; i < pattern.size() && close == std::string::npos; ++i) {
    if (pattern[i] == '{') ++depth;
    if (pattern[i] == '}' && --depth == 0) close = i;
    if (pattern[i] == ',' && depth == 1) commas.push_back(i);
  }
  if (close == std::string::npos || commas.empty()) {
    out.push_back(pattern);
    return;
  }
  std::size_t from = open + 1;
  commas.push_back(close);
  for (std::size_t comma : commas) {
    expand_braces(pattern.substr(0, open) + pattern.substr(from, comma - from) + pattern.substr(close + 1), out);
    from = comma + 1;
  }
}

std::string_view last_segment(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::string trimmed(pattern);
  while (trimmed.starts_with("./")) trimmed.erase(0, 2);
  if (trimmed.starts_with('/')) trimmed.erase(0, 1);
  const bool anchored = trimmed.find('/') != std::string::npos;
  std::vector<std::string> alternatives;
  expand_braces(trimmed, alternatives);
  for (const std::string& alternative : alternatives) {
    if (match(alternative, anchored ? path : last_segment(path))) return true;
  }
  return false;
}

bool parse_ignore_pattern(std::string_view line, const std::string& base, IgnorePattern& out) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r') && !line.ends_with("\\ ")) {
    line.remove_suffix(1);
  }
  if (line.empty() || line.front() == '#') return false;
  IgnorePattern pattern{.base = base};
  if (line.front() == '!') {
    pattern.negated = true;
    line.remove_prefix(1);
  }
  if (line.starts_with("\\#") || line.starts_with("\\!")) line.remove_prefix(1);
  if (line.ends_with('/')) {
    pattern.directory_only = true;
    line.remove_suffix(1);
  }
  pattern.anchored = line.find('/') != std::string_view::npos;
  if (line.starts_with('/')) line.remove_prefix(1);
  if (line.empty()) return false;
  pattern.glob = std::string(line);
  out = std::move(pattern);
  return true;
}

bool is_ignored(const std::vector<IgnorePattern>& patterns, std::string_view file) {
  if (patterns.empty()) return false;
  // Each folder on the way down, then the file: git never looks inside an
  // ignored folder, so a later `!` cannot bring a file back from one.
  for (std::size_t end = file.find('/', 1);; end = file.find('/', end + 1)) {
    const bool is_file = end == std::string_view::npos;
    const std::string_view prefix = is_file ? file : file.substr(0, end);
    bool ignored = false;
    for (const IgnorePattern& pattern : patterns) {
      if (pattern.directory_only && is_file) continue;
      if (prefix.size() <= pattern.base.size() + 1 || !prefix.starts_with(pattern.base) ||
          prefix[pattern.base.size()] != '/') {
        continue;
      }
      const std::string_view relative = prefix.substr(pattern.base.size() + 1);
      if (match(pattern.glob, pattern.anchored ? relative : last_segment(relative))) ignored = !pattern.negated;
    }
    if (is_file || ignored) return ignored;
  }
}

}  // namespace fanout::config
