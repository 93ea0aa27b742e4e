// async-foreach: `forEach` with an async callback, and `xs.map(async ...)` as
// a statement of its own (semantics.md: Sinks, last row; Clarifications, No sink).
#include <fmt/format.h>

#include "diag/wording.hpp"
#include "fanout/prefilter.hpp"
#include "rules/rules.hpp"
#include "semantic/internal.hpp"

namespace fanout::rules {
namespace {

// The pre-filter (fanout/prefilter.hpp): the rule reports only a
// `.forEach|map|flatMap(cb)` whose callback is async: written inline with the
// `async` keyword, or a name bound to a function declared `async` here.

// The first argument after a call's `(` (past the parentheses unwrap skips).
// Returns "async" for an inline async callback, a name for a reference (the
// `fn` of `fn.bind(x)` too), "" when it cannot be async, and "?" when unsure.
std::string_view first_argument(std::string_view text, std::size_t at) {
  at = prefilter::skip_trivia(text, at);
  while (at < text.size() && text[at] == '(') at = prefilter::skip_trivia(text, at + 1);
  if (at >= text.size()) return "";
  const char c = text[at];
  // `()` (no argument or no parameter), `{`/`[` patterns or literals, strings, numbers.
  if (c == ')' || c == '{' || c == '[' || c == '\'' || c == '"' || c == '`' || (c >= '0' && c <= '9')) return "";
  const std::string_view name = prefilter::name_at(text, at);
  if (name.empty()) return "?";  // `<T>fn`, `<T>(x) => ...`, anything unusual
  if (name == "async") return name;
  if (name == "function") return "";
  const std::size_t next = prefilter::skip_trivia(text, at + name.size());
  if (text.substr(next, 2) == "=>") return "";  // `x => ...` is not async
  const char n = next < text.size() ? text[next] : ')';
  // A reference, unwrapped or bound (`fn`, `fn!`, `fn as T`, `fn.bind(this)`,
  // `fn?.bind(this)`); a ternary may hold an inline async function (unsure).
  const std::string_view word = prefilter::name_at(text, next);
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
  const std::size_t next = prefilter::skip_trivia(text, at + 5);
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
  if (const std::string_view name = prefilter::name_at(text, next); !name.empty() && name != "function") {
    const std::size_t after = prefilter::skip_trivia(text, next + name.size());
    if (after < text.size() && text[after] == '(') return "";
  }
  if (prefilter::name_at(text, next) == "function") {
    std::size_t name = prefilter::skip_trivia(text, next + 8);
    if (name < text.size() && text[name] == '*') name = prefilter::skip_trivia(text, name + 1);
    const std::string_view declared = prefilter::name_at(text, name);
    if (!declared.empty()) return declared;
  }
  // Walk back over blanks and `(` to an `=`.
  std::size_t p = at;
  const auto back = [&]() {
    char c = prefilter::previous_char(text, p);
    while (c == '(') c = prefilter::previous_char(text, p);
    return c;
  };
  const char before = back();
  if (before == prefilter::kUnsure || (before == '/' && p > 0 && text[p - 1] == '*')) return "?";
  if (before == '>') return p > 0 && text[p - 1] == '=' ? "" : "?";  // `=> async` vs `<T>(async ...)`
  if (before != '=') return "";
  if (p > 0 && (text[p - 1] == '=' || text[p - 1] == '!' || text[p - 1] == '<' || text[p - 1] == '>')) return "";
  std::size_t end = p;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t begin = end;
  while (begin > 0 && prefilter::is_name_char(text[begin - 1])) --begin;
  if (begin == end) return "?";  // `]`, `}`, `>`: a pattern or a type annotation
  // A type annotation (`f: T = async`, `f: typeof T = async`) hides the bound name.
  p = begin;
  const char left = back();
  if (left == '\0' || left == ';' || left == '{' || left == '}' || left == '(' || left == ',') {
    return text.substr(begin, end - begin);
  }
  if (prefilter::is_name_char(left)) {
    std::size_t word = p + 1;
    while (word > 0 && prefilter::is_name_char(text[word - 1])) --word;
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
    if (c == '>' && text[i - 1] != '=' && --depth == 0) return prefilter::skip_trivia(text, i + 1);
    if (c == '\'' || c == '"' || c == '`' || c == '/' || c == ';') return std::string_view::npos;
  }
  return std::string_view::npos;
}

bool may_start_async_callbacks(const prefilter::Text& scanned) {
  const std::string_view text = scanned.view();
  std::vector<std::string_view> references;
  bool unsure = false;
  for (std::string_view method : {"forEach", "map", "flatMap"}) {
    const bool inline_async = prefilter::any_word(text, method, [&](std::size_t at) {
      if (!prefilter::may_be_property(text, at)) return false;
      std::size_t open = prefilter::skip_trivia(text, at + method.size());
      if (text.substr(open, 2) == "?.") open = prefilter::skip_trivia(text, open + 2);
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
  const bool open_ended = prefilter::any_word(text, "async", [&](std::size_t at) {
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

class AsyncForeach final : public Rule {
 public:
  const RuleMeta& meta() const override { return meta_; }

  void check(Node node, RuleContext& context) const override {
    Node call = node;
    if (node.is(Kind::expression_statement)) {
      // A discarded `xs.map(async ...)`: nothing waits for the promises.
      call = sem::unwrap(node.named(0));
      if (!call.is(Kind::call_expression)) return;
      const std::string_view m = sem::member_name(call, context.file());
      if (m != "map" && m != "flatMap") return;
    } else if (sem::member_name(call, context.file()) != "forEach") {
      return;
    }
    const auto args = sem::arguments_of(call);
    if (args.empty()) return;
    Semantic& semantic = context.semantic();
    const CallbackFacts facts = semantic.callback(args[0]);
    if (!facts.is_async && !semantic.is_async_function(args[0])) return;
    Node callee = sem::unwrap(call.field(Field::function));
    Node property = callee.field(Field::property);
    Finding finding{
        .sink_call = call,
        .callee = {property.start(), property.end()},
        .sink = std::string(context.text(property)),
        .collection = callee.field(Field::object),
        .collection_text = wording::short_code(context.text(sem::unwrap(callee.field(Field::object)))),
        .callback = facts,
    };
    finding.callback.is_async = true;
    context.report(*this, std::move(finding));
  }

  Diagnostic describe(const Finding& finding, const SourceFile&) const override {
    const std::string& work = finding.callback.work;
    const std::string awaiting = work.empty() || work == "async callback" ? "" : fmt::format(" (awaiting `{}`)", work);
    const bool map = finding.sink != "forEach";
    return Diagnostic{
        .rule_id = std::string(meta_.id),
        .severity = meta_.severity,
        .span = finding.callee,
        .message = map ? fmt::format("`.{}` starts an async callback{} for every element of `{}` and its promises "
                                     "are discarded: all run at once and nothing waits for them",
                                     finding.sink, awaiting, finding.collection_text)
                       : fmt::format("`forEach` starts an async callback{} for every element of `{}` at once and "
                                     "waits for none of them",
                                     awaiting, finding.collection_text),
        .help = fmt::format("use `for (const x of {}) {{ await ... }}` to run one at a time, or `await pMap({}, fn, "
                            "{{ concurrency: 8 }})` to bound the work and wait for it",
                            finding.collection_text, finding.collection_text),
    };
  }

 private:
  RuleMeta meta_{
      .id = "async-foreach",
      .severity = Severity::error,
      .summary = "`forEach` with an async callback starts every task at once and waits for none",
      .fix = FixAvailability::none,
      .kinds = {Kind::call_expression, Kind::expression_statement},
      .needles = {"async"},
      .may_report = may_start_async_callbacks,
      .anchors = {"forEach", "map", "flatMap"},  // the property of the call
  };
};

}  // namespace

const Rule& async_foreach() {
  static const AsyncForeach rule;
  return rule;
}

}  // namespace fanout::rules
