// The pre-filter's scans (walk/scan.hpp) and its named predicates
// (fanout/prefilter.hpp), whose soundness tests/prefilter_test.cpp and
// bench/prefilter-soundness.sh check.
#include "fanout/prefilter.hpp"

#include "fanout/sinks.hpp"
#include "walk/scan.hpp"

namespace fanout::prefilter {

bool Text::contains(std::string_view needle) const {
  for (const auto& [asked, answer] : answers_) {
    if (asked == needle) return answer;
  }
  const bool answer = find(text_, needle) != std::string_view::npos;
  answers_.emplace_back(needle, answer);
  return answer;
}

std::size_t skip_trivia(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++at;
    } else if (c == '/' && at + 1 < text.size() && text[at + 1] == '/') {
      const std::size_t eol = text.find('\n', at);
      return eol == std::string_view::npos ? text.size() : skip_trivia(text, eol + 1);
    } else if (c == '/' && at + 1 < text.size() && text[at + 1] == '*') {
      const std::size_t close = find(text, "*/", at + 2);
      if (close == std::string_view::npos) return text.size();
      at = close + 2;
    } else {
      break;
    }
  }
  return at;
}

std::string_view name_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return text.substr(at, end - at);
}

char previous_char(std::string_view text, std::size_t& at) {
  while (at > 0) {
    const char c = text[--at];
    if (c == '\n') {
      const std::size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;
      if (text.substr(line_start, at - line_start).find("//") != std::string_view::npos) return kUnsure;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') {
      return c;
    }
  }
  return '\0';
}

bool may_be_property(std::string_view text, std::size_t at) {
  const char c = previous_char(text, at);
  return c == '.' || c == '/' || c == kUnsure;  // `.`, `?.`, or a comment that may follow a dot
}

namespace {

// Is the string literal opening at `quote` an argument of `require(`/`import(`
// or the source after `from`? Unsure (yes) where a comment may hide what precedes.
bool module_position(std::string_view text, std::size_t quote) {
  std::size_t p = quote;
  char c = previous_char(text, p);
  if (c == '(') c = previous_char(text, p);
  if (c == '/' || c == kUnsure || c == ')') return true;  // a comment, or `(require)('x')`
  const std::size_t end = p + 1;
  std::size_t begin = end;
  while (begin > 0 && is_name_char(text[begin - 1])) --begin;
  const std::string_view word = text.substr(begin, end - begin);
  return word == "require" || word == "import" || word == "from";
}

}  // namespace

namespace {

// The offsets where `module` may be loaded (may_load_module's test), in
// order; only the first when `all` is false.
std::vector<std::size_t> module_strings(const Text& scanned, std::string_view module, std::string_view continuations,
                                        bool all) {
  std::vector<std::size_t> out;
  if (!scanned.contains(module)) return out;
  const std::string_view text = scanned.view();
  for (std::size_t at = find(text, module); at != std::string_view::npos; at = find(text, module, at + 1)) {
    std::size_t quote = at >= 5 && text.substr(at - 5, 5) == "node:" ? at - 5 : at;
    if (quote == 0) continue;
    const char q = text[--quote];
    if (q != '\'' && q != '"' && q != '`') continue;
    // The whole value is the module, or a path in it (`async/each`, `lodash.map`).
    const std::size_t after = at + module.size();
    const char next = after < text.size() ? text[after] : q;
    if (next != q && continuations.find(next) == std::string_view::npos) continue;
    if (!module_position(text, quote)) continue;
    out.push_back(at);
    if (!all) break;
  }
  return out;
}

}  // namespace

bool may_load_module(const Text& scanned, std::string_view module, std::string_view continuations) {
  return !module_strings(scanned, module, continuations, false).empty();
}

std::vector<std::size_t> module_string_offsets(const Text& scanned, std::string_view module,
                                               std::string_view continuations) {
  return module_strings(scanned, module, continuations, true);
}

namespace {

// After a whole-name `Promise`: does a combinator member follow? The object
// is unwrapped (semantics.md: parentheses and TypeScript casts): `)` and `!`
// are stepped over, and after `as` or `satisfies` the answer is yes.
bool combinator_follows(std::string_view text, std::size_t after) {
  std::size_t at = skip_trivia(text, after);
  while (at < text.size() && (text[at] == '!' || text[at] == ')')) at = skip_trivia(text, at + 1);
  if (at >= text.size()) return false;
  const std::string_view word = name_at(text, at);
  if (word == "as" || word == "satisfies") return true;
  if (text.substr(at, 2) == "?.") {
    at += 2;
  } else if (text[at] == '.') {
    at += 1;
  } else {
    return false;
  }
  return is_combinator_method(name_at(text, skip_trivia(text, at)));
}

}  // namespace

bool may_load_sink_library(const Text& text) {
  // Any library that defines a sink (combinators aside), by each of its
  // module specifiers, submodules (`async/each`) included.
  for (const ModuleRow& module : module_rows()) {
    if (library_has_sinks(module.library) && may_load_module(text, module.spec, module.submodules)) return true;
  }
  return false;
}

bool may_call_combinator(const Text& scanned) {
  // Any name may be bound to bluebird, but only through a module string naming it.
  for (const ModuleRow& module : module_rows()) {
    if (library_has_combinators(module.library) && may_load_module(scanned, module.spec, module.submodules)) return true;
  }
  if (!scanned.contains("Promise")) return false;
  const std::string_view text = scanned.view();
  return any_word(text, "Promise", [&](std::size_t at) { return combinator_follows(text, at + 7); });
}

}  // namespace fanout::prefilter
