// The Flow view: a one-pass lexer (comments, strings, templates, regular
// expressions, brackets) that blanks Flow-only syntax the TypeScript grammars
// cannot read. Each rewrite matches a form that is invalid JavaScript, so a
// plain JavaScript token is never changed, whatever Flow context it is in.
#include "syntax/flow.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fanout {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '\\' || u >= 0x80;
}

bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Skips a comment at `i` (text[i] == '/'); returns where it ends, or `i` when none starts there.
std::size_t skip_comment(std::string_view text, std::size_t i, std::size_t end) {
  if (i + 1 >= end || text[i] != '/') return i;
  if (text[i + 1] == '/') {
    const std::size_t nl = text.find('\n', i);
    return nl == std::string_view::npos || nl > end ? end : nl;
  }
  if (text[i + 1] == '*') {
    const std::size_t close = text.find("*/", i + 2);
    return close == std::string_view::npos || close + 2 > end ? end : close + 2;
  }
  return i;
}

// The first character at or after `i` that is neither space nor comment.
std::size_t skip_trivia(std::string_view text, std::size_t i, std::size_t end) {
  while (i < end) {
    if (is_space(text[i])) {
      ++i;
    } else if (const std::size_t after = skip_comment(text, i, end); after != i) {
      i = after;
    } else {
      break;
    }
  }
  return i;
}

bool word_at(std::string_view text, std::size_t i, std::size_t end, std::string_view word) {
  return i + word.size() <= end && text.compare(i, word.size(), word) == 0 &&
         (i + word.size() == end || !name_char(text[i + word.size()]));
}

}  // namespace

bool has_flow_pragma(std::string_view text) {
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (text.compare(i, 2, "#!") == 0) {
    i = text.find('\n', i);
    if (i == std::string_view::npos) return false;
  }
  for (;;) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t after = skip_comment(text, i, text.size());
    if (after == i) return false;  // the first statement: pragmas come before it
    const std::string_view comment = text.substr(i, after - i);
    for (std::size_t at = comment.find("@flow"); at != std::string_view::npos; at = comment.find("@flow", at + 1)) {
      const std::size_t next = at + 5;
      if (next == comment.size() || !name_char(comment[next])) return true;
    }
    i = after;
  }
}

namespace {

class FlowView {
 public:
  FlowView(std::string_view text, std::size_t start, std::size_t end, std::string& view)
      : text_(text), end_(end), view_(view), i_(start) {}

  void run() {
    if (text_.compare(i_, 2, "#!") == 0) skip_line();
    while (i_ < end_) step();
  }

 private:
  /// What the last token was, for telling a regular expression from a division.
  enum class Prev : std::uint8_t { start, name, operand_keyword, value, close, punct };

  void blank(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < end_; ++k) {
      if (view_[k] != '\n' && view_[k] != '\r') view_[k] = ' ';
    }
  }

  void skip_line() {
    const std::size_t nl = text_.find('\n', i_);
    i_ = nl == std::string_view::npos || nl > end_ ? end_ : nl;
  }

  char at(std::size_t k) const { return k < end_ ? text_[k] : '\0'; }
  bool punct_is(std::string_view p) const { return prev_ == Prev::punct && punct_ == p; }
  char top() const { return stack_.empty() ? '\0' : stack_.back(); }

  void set_punct(std::string_view p) {
    prev_ = Prev::punct;
    punct_ = p;
  }

  bool regex_allowed() const {
    return prev_ == Prev::start || prev_ == Prev::punct || prev_ == Prev::operand_keyword;
  }

  // Closes the innermost bracket `open`, dropping `<`s left open above it
  // (they were comparisons, not type arguments).
  void close(char open) {
    while (!stack_.empty() && stack_.back() == '<' && open != '<') stack_.pop_back();
    if (!stack_.empty() && stack_.back() == open) stack_.pop_back();
  }

  void step() {
    const char c = text_[i_];
    if (is_space(c)) {
      if (c == '\n') line_start_ = true;
      ++i_;
      return;
    }
    if (const std::size_t after = skip_comment(text_, i_, end_); after != i_) {
      i_ = after;
      return;
    }
    const bool first_on_line = line_start_;
    line_start_ = false;
    if (c == '"' || c == '\'') return string(c);
    if (c == '`') {
      ++i_;
      return template_part();
    }
    if (c == '/' && regex_allowed()) return regex();
    if (name_start(c)) return name(first_on_line);
    if (c >= '0' && c <= '9') {
      while (i_ < end_ && (name_char(text_[i_]) || text_[i_] == '.')) ++i_;
      prev_ = Prev::value;
      return;
    }
    punctuator();
  }

  void string(char quote) {
    ++i_;
    while (i_ < end_ && text_[i_] != quote && text_[i_] != '\n') i_ += text_[i_] == '\\' ? 2 : 1;
    if (i_ < end_ && text_[i_] == quote) ++i_;
    prev_ = Prev::value;
  }

  // Template text up to the closing backtick or a `${`, which opens code.
  void template_part() {
    while (i_ < end_) {
      const char c = text_[i_];
      if (c == '\\') {
        i_ += 2;
      } else if (c == '`') {
        ++i_;
        prev_ = Prev::value;
        return;
      } else if (c == '$' && at(i_ + 1) == '{') {
        i_ += 2;
        stack_.push_back('t');
        set_punct("${");
        return;
      } else {
        ++i_;
      }
    }
  }

  void regex() {
    ++i_;
    bool in_class = false;
    while (i_ < end_ && text_[i_] != '\n') {
      const char c = text_[i_];
      if (c == '\\') {
        i_ += 2;
        continue;
      }
      ++i_;
      if (c == '[') in_class = true;
      else if (c == ']') in_class = false;
      else if (c == '/' && !in_class) break;
    }
    while (i_ < end_ && name_char(text_[i_])) ++i_;
    prev_ = Prev::value;
  }

  void name(bool first_on_line) {
    const std::size_t start = i_;
    while (i_ < end_ && name_char(text_[i_])) ++i_;
    const std::string_view word = text_.substr(start, i_ - start);
    const bool statement_start = prev_ == Prev::start || punct_is(";") || prev_ == Prev::close || first_on_line ||
                                 punct_is("{");
    if (word == "opaque" && statement_start_or_export(statement_start)) {
      const std::size_t next = skip_trivia(text_, i_, end_);
      if (word_at(text_, next, end_, "type")) {
        blank(start, i_);  // `opaque type A = B` reads as `type A = B`
        opaque_supertype(next + 4);
        return;
      }
    }
    if (word == "declare") {
      const std::size_t next = skip_trivia(text_, i_, end_);
      if (word_at(text_, next, end_, "export")) {
        // `declare export function f(): T;` reads as TypeScript's `declare function`.
        std::size_t stop = next + 6;
        const std::size_t after = skip_trivia(text_, stop, end_);
        if (word_at(text_, after, end_, "default")) stop = after + 7;
        blank(next, stop);
        i_ = stop;
        prev_ = Prev::name;
        return;
      }
    }
    if (word == "import" && statement_start) in_import_ = true;
    if (word == "from" || word == "require") in_import_ = false;
    if (word == "typeof" && in_import_ && (prev_word_ == "import" || punct_is("{") || punct_is(","))) {
      // `import typeof X from 'm'` reads as `import type X`: a type-only import either way.
      blank(start + 4, i_);
      prev_ = Prev::name;
      prev_word_ = "type";
      return;
    }
    if (word == "for") for_annotation();
    prev2_ = prev_ == Prev::punct ? punct_ : std::string_view();
    prev_word_ = word;
    prev_ = is_operand_keyword(word) ? Prev::operand_keyword : Prev::name;
  }

  bool statement_start_or_export(bool statement_start) const {
    return statement_start || (prev_ == Prev::name && (prev_word_ == "export" || prev_word_ == "declare"));
  }

  static bool is_operand_keyword(std::string_view w) {
    return w == "return" || w == "typeof" || w == "instanceof" || w == "in" || w == "of" || w == "new" ||
           w == "delete" || w == "void" || w == "throw" || w == "case" || w == "do" || w == "else" ||
           w == "yield" || w == "await" || w == "extends";
  }

  // `opaque type T: Super = ...`: the supertype is Flow-only; blank `: Super`.
  void opaque_supertype(std::size_t from) {
    std::size_t k = skip_trivia(text_, from, end_);
    while (k < end_ && name_char(text_[k])) ++k;  // the type's name
    k = skip_trivia(text_, k, end_);
    if (at(k) == '<') k = balanced_end(k);  // its parameters
    k = skip_trivia(text_, k, end_);
    if (at(k) != ':') return;
    const std::size_t stop = type_end(k + 1, [&](std::size_t j) { return text_[j] == ';' || assignment(j); });
    if (stop != std::string_view::npos) blank(k, stop);
  }

  // `for (const key: string in obj)`: the binding's annotation is Flow-only.
  void for_annotation() {
    std::size_t k = skip_trivia(text_, i_, end_);
    if (at(k) != '(') return;
    k = skip_trivia(text_, k + 1, end_);
    if (!word_at(text_, k, end_, "const") && !word_at(text_, k, end_, "let") && !word_at(text_, k, end_, "var")) {
      return;
    }
    while (k < end_ && name_char(text_[k])) ++k;
    k = skip_trivia(text_, k, end_);
    if (!name_start(at(k))) return;
    while (k < end_ && name_char(text_[k])) ++k;
    k = skip_trivia(text_, k, end_);
    if (at(k) != ':') return;
    const auto keyword = [&](std::size_t j) {
      return is_space(text_[j - 1]) && (word_at(text_, j, end_, "in") || word_at(text_, j, end_, "of"));
    };
    const std::size_t stop = type_end(k + 1, keyword, true);
    if (stop != std::string_view::npos) blank(k, stop);
  }

  bool assignment(std::size_t j) const { return text_[j] == '=' && at(j + 1) != '>' && text_[j - 1] != '='; }

  // Where a type starting at `from` ends: the first character at bracket
  // depth 0 that `stops` accepts; npos when a bracket closes first or the
  // region (or, `one_line`, the line) ends.
  template <typename Stops>
  std::size_t type_end(std::size_t from, Stops&& stops, bool one_line = false) const {
    int depth = 0;
    for (std::size_t k = from; k < end_; ++k) {
      const char c = text_[k];
      if (one_line && c == '\n') break;
      if (depth == 0 && stops(k)) return k;
      if (c == '(' || c == '[' || c == '{' || c == '<') {
        ++depth;
      } else if ((c == ')' || c == ']' || c == '}' || (c == '>' && text_[k - 1] != '=')) && --depth < 0) {
        break;
      }
    }
    return std::string_view::npos;
  }

  // Where the `<...>` starting at `k` ends (just after its `>`), or `k` when unbalanced.
  std::size_t balanced_end(std::size_t k) const {
    int depth = 0;
    for (std::size_t j = k; j < end_ && j < k + 4096; ++j) {
      if (text_[j] == '<') ++depth;
      else if (text_[j] == '>' && text_[j - 1] != '=' && --depth == 0) return j + 1;
    }
    return k;
  }

  // The name (and `?`) after a variance sign ends in `:`, or it is an indexer `[`.
  bool member_follows(std::size_t k) const {
    if (at(k) == '[') return true;
    if (!name_start(at(k))) return false;
    while (k < end_ && name_char(text_[k])) ++k;
    if (at(k) == '?') ++k;
    return at(k) == ':';
  }

  bool type_parameter_follows(std::size_t k) const {
    if (!name_start(at(k))) return false;
    while (k < end_ && name_char(text_[k])) ++k;
    k = skip_trivia(text_, k, end_);
    const char c = at(k);
    return c == ',' || c == '>' || c == ':' || (c == '=' && at(k + 1) != '>');
  }

  void punctuator() {
    const char c = text_[i_];
    const char next = at(i_ + 1);
    switch (c) {
      case '?':
        // A maybe type `?T`: no JavaScript expression starts with `?`, so a
        // `?` after these tokens can only be Flow's.
        if (next != '.' && next != '?' && next != '=' &&
            (punct_is(":") || punct_is("<") || punct_is(",") || punct_is("(") || punct_is("[") ||
             punct_is("{") || punct_is("{|") || punct_is("|") || punct_is("&") || punct_is("=") ||
             punct_is("=>"))) {
          blank(i_, i_ + 1);
          ++i_;
          return;  // the previous token still decides what follows
        }
        ++i_;
        return set_punct(next == '?' ? "??" : "?");
      case '<':
        if (next == '>' && i_ > 0 && name_char(text_[i_ - 1])) {
          blank(i_, i_ + 2);  // `Foo<>`: empty type arguments
          i_ += 2;
          prev_ = Prev::close;
          return;
        }
        // Right after a name, with no space: type arguments or parameters.
        if (prev_ == Prev::name && i_ > 0 && name_char(text_[i_ - 1]) && next != '=' && next != '<' &&
            !is_space(next)) {
          stack_.push_back('<');
        }
        ++i_;
        return set_punct("<");
      case '>':
        if (top() == '<') stack_.pop_back();
        if (next == '=' && top() != '<') {
          i_ += 2;
          return set_punct(">=");
        }
        ++i_;
        return set_punct(">");
      case '{':
        stack_.push_back('{');
        if (next == '|') {
          i_ += 2;
          return set_punct("{|");
        }
        ++i_;
        return set_punct("{");
      case '(':
      case '[':
        stack_.push_back(c);
        ++i_;
        return set_punct(c == '(' ? "(" : "[");
      case ')':
      case ']':
        close(c == ')' ? '(' : '[');
        ++i_;
        prev_ = Prev::close;
        return;
      case '}':
        while (!stack_.empty() && stack_.back() == '<') stack_.pop_back();
        if (top() == 't') {
          stack_.pop_back();
          ++i_;
          return template_part();
        }
        close('{');
        ++i_;
        prev_ = Prev::close;
        return;
      case '|':
        if (next == '}') {
          close('{');
          i_ += 2;
          prev_ = Prev::close;
          return;
        }
        ++i_;
        return set_punct(next == '|' ? "||" : "|");
      case ';':
        while (!stack_.empty() && stack_.back() == '<') stack_.pop_back();
        in_import_ = false;
        ++i_;
        return set_punct(";");
      case '+':
      case '-':
        if (variance()) {
          blank(i_, i_ + 1);
          ++i_;
          return;
        }
        ++i_;
        return set_punct(c == '+' ? "+" : "-");
      case '.':
        if (next == '.' && at(i_ + 2) == '.') return spread();
        ++i_;
        return set_punct(".");
      case '%':
        if (text_.compare(i_, 7, "%checks") == 0 && !name_char(at(i_ + 7)) &&
            at(skip_trivia(text_, i_ + 7, end_)) == '{') {
          blank(i_, i_ + 7);  // a predicate function's `%checks`
          i_ += 7;
          return;
        }
        ++i_;
        return set_punct("%");
      case ':':
        if (top() == '<' && prev_ == Prev::name && (prev2_ == "<" || prev2_ == ",")) return bound();
        ++i_;
        return set_punct(":");
      case '=':
        if (next == '>') {
          i_ += 2;
          return set_punct("=>");
        }
        ++i_;
        return set_punct("=");
      case ',':
        ++i_;
        return set_punct(",");
      case '&':
        ++i_;
        return set_punct(next == '&' ? "&&" : "&");
      default:
        ++i_;
        return set_punct("op");
    }
  }

  // `+name:` / `-name:` in an object type or class body, `<+T>` in type parameters.
  bool variance() {
    const char sign_next = at(i_ + 1);
    if (!name_start(sign_next) && sign_next != '[') return false;
    if (top() == '{' && (punct_is("{") || punct_is("{|") || punct_is(",") || punct_is(";") || line_start_of(i_) ||
                         prev_ == Prev::close)) {
      return member_follows(i_ + 1);
    }
    if (top() == '<' && (punct_is("<") || punct_is(","))) return type_parameter_follows(i_ + 1);
    return false;
  }

  bool line_start_of(std::size_t k) const {
    while (k > 0 && (text_[k - 1] == ' ' || text_[k - 1] == '\t')) --k;
    return k == 0 || text_[k - 1] == '\n';
  }

  // `...` with nothing after it but `}`, `|}` or `,`: an inexact object type.
  void spread() {
    const std::size_t after = skip_trivia(text_, i_ + 3, end_);
    const char c = at(after);
    if (c == '}' || (c == '|' && at(after + 1) == '}')) {
      blank(i_, i_ + 3);
      i_ += 3;
      return;
    }
    if (c == ',') {
      blank(i_, i_ + 3);
      blank(after, after + 1);
      i_ = after + 1;
      return;
    }
    i_ += 3;
    set_punct("...");
  }

  // `<T: Bound>`: Flow writes a type parameter's bound after a colon.
  void bound() {
    const auto ends = [&](std::size_t j) {
      return text_[j] == ',' || (text_[j] == '>' && text_[j - 1] != '=') || assignment(j);
    };
    const std::size_t stop = type_end(i_ + 1, ends);
    if (stop == std::string_view::npos) {
      ++i_;
      return set_punct(":");
    }
    blank(i_, stop);
    i_ = stop;
  }

  std::string_view text_;
  std::size_t end_;
  std::string& view_;
  std::size_t i_;
  Prev prev_ = Prev::start;
  std::string_view punct_;
  std::string_view prev_word_;
  std::string_view prev2_;  ///< the punctuator before the last name (`<` or `,` in `<A, B: X>`)
  std::vector<char> stack_;  ///< open brackets: ( [ { < (type arguments) t (a template's `${`)
  bool line_start_ = true;
  bool in_import_ = false;
};

}  // namespace

void write_flow_view(std::string_view text, std::size_t start, std::size_t end, std::string& view) {
  FlowView(text, start, std::min(end, text.size()), view).run();
}

}  // namespace fanout
