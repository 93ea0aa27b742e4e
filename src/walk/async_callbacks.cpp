// The pre-filter's predicate for async-foreach (fanout/prefilter.hpp): the
// rule reports only a `.forEach|map|flatMap(cb)` whose callback is async:
// written inline with the `async` keyword, or a name bound to a function
// declared `async` in the file. A small lexer over the text, tested in
// tests/prefilter_test.cpp; unsure answers are "maybe".
#include <vector>

#include "fanout/prefilter.hpp"
#include "walk/scan.hpp"

namespace fanout::prefilter {
namespace {

// The first argument after a call's `(` (past the parentheses unwrap skips).
// Returns "async" for an inline async callback, a name for a reference (the
// `fn` of `fn.bind(x)` too), "" when it cannot be async, and "?" when unsure.
std::string_view first_argument(std::string_view text, std::size_t at) {
  at = skip_trivia(text, at);
  while (at < text.size() && text[at] == '(') at = skip_trivia(text, at + 1);
  if (at >= text.size()) return "";
  const char c = text[at];
  // `()` (no argument or no parameter), `{`/`[` patterns or literals, strings, numbers.
  if (c == ')' || c == '{' || c == '[' || c == '\'' || c == '"' || c == '`' || (c >= '0' && c <= '9')) return "";
  const std::string_view name = name_at(text, at);
  if (name.empty()) return "?";  // `<T>fn`, `<T>(x) => ...`, anything unusual
  if (name == "async") return name;
  if (name == "function") return "";
  const std::size_t next = skip_trivia(text, at + name.size());
  if (text.substr(next, 2) == "=>") return "";  // `x => ...` is not async
  const char n = next < text.size() ? text[next] : ')';
  // A reference, unwrapped or bound (`fn`, `fn!`, `fn as T`, `fn.bind(this)`,
  // `fn?.bind(this)`); a ternary may hold an inline async function (unsure).
  const std::string_view word = name_at(text, next);
  if (n == ')' || n == ',' || n == '.' || n == '!' || text.substr(next, 2) == "?." || word == "as" ||
      word == "satisfies") {
    return name;
  }
  // Calls, subscripts, operators and assignments are never async functions to the rule.
  return n == '?' ? "?" : "";
}

// The name an `async` keyword at `at` binds, "" when none, "?" when unsure,
// "-" when this `async` is a plain name (`async.map`, `{ async: true }`):
// `async function f`, `f = async () => ...`, `const f = (async function () {})`.
std::string_view async_binding(std::string_view text, std::size_t at) {
  const std::size_t next = skip_trivia(text, at + 5);
  if (next < text.size()) {
    const char c = text[next];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '=') return "-";
  }
  // `async *gen()`, `async [k]()`, `async 'k'()`, `async #k()` and `async name()`
  // are methods (or no async function at all): they bind no name.
  if (next < text.size() && (text[next] == '*' || text[next] == '[' || text[next] == '#' || text[next] == '\'' ||
                             text[next] == '"')) {
    return "";
  }
  if (const std::string_view name = name_at(text, next); !name.empty() && name != "function") {
    const std::size_t after = skip_trivia(text, next + name.size());
    if (after < text.size() && text[after] == '(') return "";
  }
  if (name_at(text, next) == "function") {
    std::size_t name = skip_trivia(text, next + 8);
    if (name < text.size() && text[name] == '*') name = skip_trivia(text, name + 1);
    const std::string_view declared = name_at(text, name);
    if (!declared.empty()) return declared;
  }
  // Walk back over blanks and `(` to an `=`.
  std::size_t p = at;
  const auto back = [&]() {
    char c = previous_char(text, p);
    while (c == '(') c = previous_char(text, p);
    return c;
  };
  const char before = back();
  if (before == kUnsure || (before == '/' && p > 0 && text[p - 1] == '*')) return "?";
  if (before == '>') return p > 0 && text[p - 1] == '=' ? "" : "?";  // `=> async` vs `<T>(async ...)`
  if (before != '=') return "";
  if (p > 0 && (text[p - 1] == '=' || text[p - 1] == '!' || text[p - 1] == '<' || text[p - 1] == '>')) return "";
  std::size_t end = p;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t begin = end;
  while (begin > 0 && is_name_char(text[begin - 1])) --begin;
  if (begin == end) return "?";  // `]`, `}`, `>`: a pattern or a type annotation
  // A type annotation (`f: T = async`, `f: typeof T = async`) hides the bound name.
  p = begin;
  const char left = back();
  if (left == '\0' || left == ';' || left == '{' || left == '}' || left == '(' || left == ',') {
    return text.substr(begin, end - begin);
  }
  if (is_name_char(left)) {
    std::size_t word = p + 1;
    while (word > 0 && is_name_char(text[word - 1])) --word;
    const std::string_view keyword = text.substr(word, p + 1 - word);
    if (keyword == "const" || keyword == "let" || keyword == "var") return text.substr(begin, end - begin);
  }
  return "?";
}

// Past `<...>` type arguments (`.map<T>(`, `.map<(x: A) => B>(`); npos when
// they are too long or odd to read here.
std::size_t skip_type_arguments(std::string_view text, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < text.size() && i < at + 512; ++i) {
    const char c = text[i];
    if (c == '<') ++depth;
    if (c == '>' && text[i - 1] != '=' && --depth == 0) return skip_trivia(text, i + 1);
    if (c == '\'' || c == '"' || c == '`' || c == '/' || c == ';') return std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

bool may_start_async_callbacks(const Text& scanned) {
  const std::string_view text = scanned.view();
  std::vector<std::string_view> references;
  bool unsure = false;
  for (std::string_view method : {"forEach", "map", "flatMap"}) {
    const bool inline_async = any_word(text, method, [&](std::size_t at) {
      if (!may_be_property(text, at)) return false;
      std::size_t open = skip_trivia(text, at + method.size());
      if (text.substr(open, 2) == "?.") open = skip_trivia(text, open + 2);
      if (open >= text.size()) return false;
      if (text[open] == '<') open = skip_type_arguments(text, open);
      if (open == std::string_view::npos) return true;  // type arguments too odd to read
      if (text[open] != '(') return false;
      const std::string_view first = first_argument(text, open + 1);
      if (first == "async") return true;
      if (first == "?") unsure = true;
      if (!first.empty() && first != "?") references.push_back(first);
      return false;
    });
    if (inline_async) return true;
  }
  if (references.empty() && !unsure) return false;
  // `c ? async () => {} : g` was unsure: any `async` keyword may be its callback.
  bool keyword = false;
  std::vector<std::string_view> async_names;
  const bool open_ended = any_word(text, "async", [&](std::size_t at) {
    const std::string_view bound = async_binding(text, at);
    keyword = keyword || bound != "-";
    if (!bound.empty() && bound != "-") async_names.push_back(bound);
    return bound == "?" || (unsure && keyword);
  });
  if (open_ended) return true;
  for (std::string_view name : async_names) {
    for (std::string_view reference : references) {
      if (reference == name) return true;
    }
  }
  return false;
}

}  // namespace fanout::prefilter
