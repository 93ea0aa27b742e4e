// Finds the script blocks of Vue, Svelte and Astro components. No HTML parser
// is used on purpose: what matters is a handful of the HTML tokenizer's rules
// (comments, quoted attribute values, raw text up to `</script`), plus what
// the frameworks add (`{...}` attribute values in Svelte and Astro, Vue's
// top-level blocks, Astro's frontmatter fences), and an HTML grammar would
// misread exactly those additions.
#include "syntax/blocks.hpp"

#include <algorithm>
#include <optional>

#include "syntax/flow.hpp"

namespace fanout {
namespace {

constexpr std::size_t npos = std::string_view::npos;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool equals_ci(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[at + i]) != word[i]) return false;
  }
  return true;
}

struct Attribute {
  std::string name;   ///< lower case
  std::string_view value;
  bool has_value = false;
};

struct StartTag {
  std::string name;   ///< lower case
  std::vector<Attribute> attributes;
  std::size_t end = 0;  ///< just after `>`
  bool self_closing = false;

  const Attribute* find(std::string_view wanted) const {
    for (const Attribute& a : attributes) {
      if (a.name == wanted) return &a;
    }
    return nullptr;
  }
};

// The end of a `{...}` expression starting at `at` (an attribute value, or
// Svelte's and Astro's expressions in markup), quotes and nesting respected.
// A quote left open by JSX text (`<p>Don't</p>`) ends with its line.
std::size_t braced_end(std::string_view text, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t close = i + 1;
      while (close < text.size() && text[close] != c && (c == '`' || text[close] != '\n')) {
        close += text[close] == '\\' ? 2 : 1;
      }
      if (close >= text.size()) return npos;
      i = close;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return npos;
}

// A start tag at `at` (text[at] == '<'), as the HTML tokenizer reads it;
// `braces`: attribute values may be `{...}` expressions (Svelte, Astro).
std::optional<StartTag> read_start_tag(std::string_view text, std::size_t at, bool braces) {
  std::size_t i = at + 1;
  if (i >= text.size() || !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
    return std::nullopt;
  }
  const std::size_t name_start = i;
  while (i < text.size() && !is_space(text[i]) && text[i] != '/' && text[i] != '>') ++i;
  StartTag tag{.name = lowered(text.substr(name_start, i - name_start))};
  while (i < text.size()) {
    while (i < text.size() && (is_space(text[i]) || text[i] == '/')) {
      if (text[i] == '/' && i + 1 < text.size() && text[i + 1] == '>') tag.self_closing = true;
      ++i;
    }
    if (i >= text.size()) return std::nullopt;
    if (text[i] == '>') {
      tag.end = i + 1;
      return tag;
    }
    tag.self_closing = false;
    if (braces && text[i] == '{') {  // Svelte's `{...spread}` or shorthand `{name}`
      const std::size_t close = braced_end(text, i);
      if (close == npos) return std::nullopt;
      i = close;
      continue;
    }
    const std::size_t attr_start = i;
    while (i < text.size() && !is_space(text[i]) && text[i] != '/' && text[i] != '>' && text[i] != '=') ++i;
    Attribute attribute{.name = lowered(text.substr(attr_start, i - attr_start))};
    std::size_t j = i;
    while (j < text.size() && is_space(text[j])) ++j;
    if (j < text.size() && text[j] == '=') {
      ++j;
      while (j < text.size() && is_space(text[j])) ++j;
      if (j >= text.size()) return std::nullopt;
      attribute.has_value = true;
      if (text[j] == '"' || text[j] == '\'') {
        const std::size_t close = text.find(text[j], j + 1);
        if (close == npos) return std::nullopt;
        attribute.value = text.substr(j + 1, close - j - 1);
        i = close + 1;
      } else if (braces && text[j] == '{') {
        const std::size_t close = braced_end(text, j);
        if (close == npos) return std::nullopt;
        attribute.value = text.substr(j, close - j);
        i = close;
      } else {
        std::size_t k = j;
        while (k < text.size() && !is_space(text[k]) && text[k] != '>') ++k;
        attribute.value = text.substr(j, k - j);
        i = k;
      }
    }
    if (i == attr_start) ++i;  // a stray character: never loop on it
    tag.attributes.push_back(std::move(attribute));
  }
  return std::nullopt;
}

/// Where the end tag `</name` that closes raw text starts, and where it ends.
struct EndTag {
  std::size_t start = npos;
  std::size_t end = npos;
};

EndTag find_end_tag(std::string_view text, std::string_view name, std::size_t from) {
  for (std::size_t at = text.find("</", from); at != npos; at = text.find("</", at + 2)) {
    const std::size_t after = at + 2 + name.size();
    if (!equals_ci(text, at + 2, name)) continue;
    if (after < text.size() && !is_space(text[after]) && text[after] != '>' && text[after] != '/') continue;
    const std::size_t close = text.find('>', after);
    return EndTag{.start = at, .end = close == npos ? text.size() : close + 1};
  }
  return EndTag{};
}

// Vue's `<template>` holds HTML, nested `<template v-if>` included: its end is
// the `</template>` that balances the opening one.
std::size_t template_end(std::string_view text, std::size_t from) {
  int depth = 1;
  std::size_t i = from;
  while (i < text.size()) {
    const std::size_t lt = text.find('<', i);
    if (lt == npos) return text.size();
    if (text.compare(lt, 4, "<!--") == 0) {
      const std::size_t close = text.find("-->", lt + 4);
      i = close == npos ? text.size() : close + 3;
    } else if (equals_ci(text, lt, "</template")) {
      const std::size_t close = text.find('>', lt);
      i = close == npos ? text.size() : close + 1;
      if (--depth == 0) return i;
    } else if (const auto tag = read_start_tag(text, lt, false)) {
      if (tag->name == "template" && !tag->self_closing) ++depth;
      i = tag->end;
    } else {
      i = lt + 1;
    }
  }
  return text.size();
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_space(c); });
}

// How notes name a block: its start tag as written, whitespace collapsed.
std::string tag_label(std::string_view text, std::size_t start, std::size_t end) {
  std::string out;
  for (std::size_t i = start; i < end && out.size() < 60; ++i) {
    const char c = is_space(text[i]) ? ' ' : text[i];
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

// The grammar a `type` attribute asks for; nullopt: not a script (JSON, a template).
std::optional<Language> language_of_type(std::string_view type) {
  const std::string t = lowered(type);
  if (t.empty() || t == "module" || t == "text/javascript" || t == "application/javascript" ||
      t == "text/ecmascript" || t == "application/ecmascript" || t == "application/x-javascript" ||
      t == "text/jsx" || t == "text/babel") {
    return Language::javascript;
  }
  if (t == "text/typescript" || t == "application/typescript" || t == "ts") return Language::typescript;
  return std::nullopt;
}

class Scanner {
 public:
  Scanner(std::string_view text, SourceKind kind) : text_(text), kind_(kind) {}

  std::vector<CodeBlock> run() {
    std::size_t i = kind_ == SourceKind::astro ? frontmatter() : 0;
    const bool braces = kind_ != SourceKind::vue;
    while (i < text_.size()) {
      const std::size_t lt = braces ? text_.find_first_of("<{", i) : text_.find('<', i);
      if (lt == npos) break;
      if (text_[lt] == '{') {
        // An expression in markup: a `<script>` inside its strings is text.
        const std::size_t close = braced_end(text_, lt);
        i = close == npos ? lt + 1 : close;
        continue;
      }
      if (text_.compare(lt, 4, "<!--") == 0) {
        const std::size_t close = text_.find("-->", lt + 4);
        i = close == npos ? text_.size() : close + 3;
        continue;
      }
      const std::optional<StartTag> tag = read_start_tag(text_, lt, braces);
      if (!tag) {
        i = lt + 1;
        continue;
      }
      i = tag->end;
      if (tag->self_closing) continue;
      if (tag->name == "script") {
        const EndTag end = find_end_tag(text_, "script", tag->end);
        script(*tag, tag_label(text_, lt, tag->end), tag->end, end.start == npos ? text_.size() : end.start);
        i = end.end == npos ? text_.size() : end.end;
      } else if (kind_ == SourceKind::vue && tag->name == "template" && markup_template(*tag)) {
        i = template_end(text_, tag->end);
      } else if (kind_ == SourceKind::vue || tag->name == "style") {
        // Vue reads every other top-level block (style, i18n, docs) as raw text.
        const EndTag end = find_end_tag(text_, tag->name, tag->end);
        i = end.end == npos ? text_.size() : end.end;
      }
    }
    return std::move(blocks_);
  }

 private:
  static bool markup_template(const StartTag& tag) {
    const Attribute* lang = tag.find("lang");
    return lang == nullptr || lowered(lang->value) == "html";
  }

  // Astro: the code between the opening `---` fences, when the file starts with one.
  std::size_t frontmatter() {
    std::size_t i = 0;
    if (text_.starts_with("\xEF\xBB\xBF")) i = 3;
    while (i < text_.size() && is_space(text_[i])) ++i;
    if (text_.compare(i, 3, "---") != 0) return 0;
    const std::size_t open_line_end = text_.find('\n', i);
    if (open_line_end == npos || !blank(text_.substr(i + 3, open_line_end - i - 3))) return 0;
    const std::size_t start = open_line_end + 1;
    std::size_t line = start;
    while (line < text_.size()) {
      std::size_t next = text_.find('\n', line);
      if (next == npos) next = text_.size();
      const std::string_view content = text_.substr(line, next - line);
      if (content.starts_with("---") && blank(content.substr(3))) {
        add(start, line, Language::typescript, "frontmatter");
        return next;
      }
      line = next + 1;
    }
    add(start, text_.size(), Language::typescript, "frontmatter");
    return text_.size();
  }

  void script(const StartTag& tag, std::string label, std::size_t start, std::size_t end) {
    if (tag.find("src") != nullptr && blank(text_.substr(start, end - start))) return;
    std::optional<Language> language = Language::javascript;
    if (const Attribute* type = tag.find("type")) {
      language = language_of_type(type->value);
      if (!language) return;  // data or a template, not code
    }
    if (kind_ == SourceKind::astro) {
      // Astro bundles a bare `<script>` as TypeScript; one with any attribute
      // (`is:inline`, `type`, `defer`...) goes out as written, in JavaScript.
      if (tag.attributes.empty()) language = Language::typescript;
    } else if (const Attribute* lang = tag.find("lang")) {
      const std::string name = lowered(lang->value);
      if (name == "ts" || name == "typescript") {
        language = Language::typescript;
      } else if (name == "tsx") {
        language = Language::tsx;
      } else if (name != "js" && name != "javascript" && name != "jsx" && !name.empty()) {
        CodeBlock unreadable{.start = static_cast<std::uint32_t>(start),
                             .end = static_cast<std::uint32_t>(end),
                             .name = std::move(label),
                             .unreadable = fmt_lang(lang->value)};
        blocks_.push_back(std::move(unreadable));
        return;
      }
    }
    add(start, end, *language, std::move(label));
  }

  static std::string fmt_lang(std::string_view lang) { return "lang=\"" + std::string(lang) + "\""; }

  void add(std::size_t start, std::size_t end, Language language, std::string name) {
    if (blank(text_.substr(start, end - start))) return;
    const std::string_view code = text_.substr(start, end - start);
    blocks_.push_back(CodeBlock{.start = static_cast<std::uint32_t>(start),
                                .end = static_cast<std::uint32_t>(end),
                                .language = language,
                                .flow = language == Language::javascript && has_flow_pragma(code),
                                .name = std::move(name)});
  }

  std::string_view text_;
  SourceKind kind_;
  std::vector<CodeBlock> blocks_;
};

}  // namespace

std::vector<CodeBlock> code_blocks(std::string_view text, SourceKind kind) {
  const auto whole = [&](Language language) {
    return std::vector<CodeBlock>{CodeBlock{.start = 0,
                                            .end = static_cast<std::uint32_t>(text.size()),
                                            .language = language,
                                            .flow = language == Language::javascript && has_flow_pragma(text)}};
  };
  switch (kind) {
    case SourceKind::javascript: return whole(Language::javascript);
    case SourceKind::typescript: return whole(Language::typescript);
    case SourceKind::tsx: return whole(Language::tsx);
    case SourceKind::vue:
    case SourceKind::svelte:
    case SourceKind::astro: break;
  }
  return Scanner(text, kind).run();
}

}  // namespace fanout
