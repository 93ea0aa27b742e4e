#include "diag/suppressions.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "fanout/rule.hpp"

namespace fanout {
namespace {

enum class Directive : std::uint8_t { disable, enable, disable_line, disable_next_line };

struct Comment {
  Directive directive = Directive::disable;
  std::vector<std::string> rules;  ///< empty: every rule
  std::vector<bool> used;          ///< per rule, or one entry for "every rule"
  std::string reason;              ///< after ` -- `, trimmed
  CommentRange range;
  std::uint32_t first_line = 0;
  std::uint32_t last_line = 0;
  std::string_view written;        ///< the directive as written, for messages
};

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '*'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// `// fanout-disable-next-line a, b -- reason` or the same in `/* */`.
std::optional<Comment> parse_directive(std::string_view text) {
  if (text.starts_with("//")) {
    text.remove_prefix(2);
  } else if (text.starts_with("/*")) {
    text.remove_prefix(2);
    if (text.ends_with("*/")) text.remove_suffix(2);
  } else {
    return std::nullopt;
  }
  text = trim(text);
  // Longest names first: `fanout-disable` is a prefix of the other two.
  static constexpr std::pair<std::string_view, Directive> kNames[] = {
      {"fanout-disable-next-line", Directive::disable_next_line},
      {"fanout-disable-line", Directive::disable_line},
      {"fanout-disable", Directive::disable},
      {"fanout-enable", Directive::enable},
  };
  Comment comment;
  bool known = false;
  for (const auto& [name, directive] : kNames) {
    if (!text.starts_with(name)) continue;
    const std::string_view rest = text.substr(name.size());
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\n') continue;
    comment.directive = directive;
    comment.written = name;
    text = rest;
    known = true;
    break;
  }
  if (!known) return std::nullopt;
  // ESLint's description separator: ` -- ` ends the rule list.
  if (const auto dashes = text.find("--"); dashes != std::string_view::npos) {
    comment.reason = std::string(trim(text.substr(dashes + 2)));
    text = text.substr(0, dashes);
  }
  std::string rule;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!rule.empty()) comment.rules.push_back(std::move(rule));
      rule.clear();
    } else {
      rule += c;
    }
  }
  if (!rule.empty()) comment.rules.push_back(std::move(rule));
  comment.used.assign(std::max<std::size_t>(comment.rules.size(), 1), false);
  return comment;
}

// Marks and tells whether `comment` names `rule` (or every rule).
bool covers(Comment& comment, std::string_view rule) {
  if (comment.rules.empty()) {
    comment.used[0] = true;
    return true;
  }
  for (std::size_t i = 0; i < comment.rules.size(); ++i) {
    if (comment.rules[i] == rule) {
      comment.used[i] = true;
      return true;
    }
  }
  return false;
}

bool suppressible(const Diagnostic& diagnostic) {
  return diagnostic.rule_id != kParseErrorId && diagnostic.rule_id != kSkippedFileId &&
         diagnostic.rule_id != kUnusedSuppressionId && diagnostic.rule_id != kSuppressionWithoutReasonId;
}

// The directive whose range, opened before `offset` (in source order),
// covers `rule`, marked as used; null when none does.
const Comment* in_disabled_range(std::vector<Comment>& comments, std::uint32_t offset, std::string_view rule) {
  Comment* all = nullptr;                  // the latest `fanout-disable` of every rule
  std::set<std::string, std::less<>> re_enabled;  // rules enabled again after it
  std::map<std::string, Comment*, std::less<>> one;  // rule -> its `fanout-disable RULE`
  for (Comment& comment : comments) {
    if (comment.range.end > offset) break;
    if (comment.directive == Directive::disable) {
      if (comment.rules.empty()) {
        all = &comment;
        re_enabled.clear();
        one.clear();
      }
      for (const std::string& name : comment.rules) {
        one[name] = &comment;
        re_enabled.erase(name);
      }
    } else if (comment.directive == Directive::enable) {
      if (comment.rules.empty()) {
        all = nullptr;
        one.clear();
        re_enabled.clear();
      }
      for (const std::string& name : comment.rules) {
        one.erase(name);
        re_enabled.insert(name);
      }
    }
  }
  if (const auto it = one.find(rule); it != one.end()) return covers(*it->second, rule) ? it->second : nullptr;
  if (all && !re_enabled.contains(rule)) return covers(*all, rule) ? all : nullptr;
  return nullptr;
}

// The directive that suppresses `rule` at `line`/`offset`, or null.
const Comment* suppressing(std::vector<Comment>& comments, std::uint32_t line, std::uint32_t offset,
                           std::string_view rule) {
  for (Comment& comment : comments) {
    const bool here = (comment.directive == Directive::disable_line && comment.first_line == line) ||
                      (comment.directive == Directive::disable_next_line && comment.last_line + 1 == line);
    if (here && covers(comment, rule)) return &comment;
  }
  return in_disabled_range(comments, offset, rule);
}

Diagnostic about(const Comment& comment, std::string_view id, Severity severity, std::string message,
                 std::string help) {
  return Diagnostic{
      .rule_id = std::string(id),
      .severity = severity,
      .span = {comment.range.start, comment.range.end},
      .message = std::move(message),
      .help = std::move(help),
  };
}

}  // namespace

void apply_suppressions(const SourceFile& file, const std::vector<CommentRange>& ranges,
                        const AnalysisOptions& options, std::vector<Diagnostic>& diagnostics,
                        std::vector<Suppressed>* silenced) {
  // --no-inline-config: a comment in the file cannot switch a check off.
  if (!options.inline_config) return;
  std::vector<Comment> comments;
  for (const CommentRange& range : ranges) {
    auto comment = parse_directive(file.slice(range.start, range.end));
    if (!comment) continue;
    comment->range = range;
    comment->first_line = file.position(range.start).line;
    comment->last_line = file.position(range.end > range.start ? range.end - 1 : range.start).line;
    comments.push_back(std::move(*comment));
  }
  if (comments.empty()) return;
  std::sort(comments.begin(), comments.end(),
            [](const Comment& a, const Comment& b) { return a.range.start < b.range.start; });

  std::erase_if(diagnostics, [&](Diagnostic& diagnostic) {
    if (!suppressible(diagnostic)) return false;
    const Comment* by = suppressing(comments, file.position(diagnostic.span.start).line, diagnostic.span.start,
                                    diagnostic.rule_id);
    if (by == nullptr) return false;
    if (silenced) silenced->push_back(Suppressed{.diagnostic = std::move(diagnostic), .justification = by->reason});
    return true;
  });
  if (silenced) {
    std::stable_sort(silenced->begin(), silenced->end(), [](const Suppressed& a, const Suppressed& b) {
      const Diagnostic& x = a.diagnostic;
      const Diagnostic& y = b.diagnostic;
      return x.span.start != y.span.start ? x.span.start < y.span.start : x.rule_id < y.rule_id;
    });
  }

  for (const Comment& comment : comments) {
    if (comment.directive == Directive::enable) continue;
    if (options.require_suppression_reason && comment.reason.empty()) {
      diagnostics.push_back(about(
          comment, kSuppressionWithoutReasonId, Severity::warn,
          fmt::format("`{}` gives no reason", comment.written),
          fmt::format("say why after ` -- `, e.g. `// {} {} -- the list holds at most 3 items`", comment.written,
                      comment.rules.empty() ? std::string("unbounded-promise-all") : comment.rules.front())));
    }
    for (std::size_t i = 0; i < comment.used.size(); ++i) {
      if (comment.used[i]) continue;
      // A misspelt id is the usual reason a directive never matches: it is
      // reported even when unused directives are not (ESLint does the same
      // for a rule it does not know).
      const bool known = comment.rules.empty() || find_rule(comment.rules[i]) != nullptr;
      const Severity severity = known || options.unused_suppression_severity != Severity::off
                                    ? options.unused_suppression_severity
                                    : Severity::warn;
      if (severity == Severity::off) continue;
      diagnostics.push_back(about(
          comment, kUnusedSuppressionId, severity,
          comment.rules.empty() ? fmt::format("`{}` suppresses nothing: no finding here", comment.written)
          : known ? fmt::format("`{}` suppresses nothing: no `{}` finding here", comment.written, comment.rules[i])
                  : fmt::format("`{}` names `{}`, which is not a fanout rule", comment.written, comment.rules[i]),
          known ? "remove the directive (or the rule from its list)"
                : "use a rule id from `fanout rules`, e.g. `unbounded-promise-all`"));
    }
  }
}

}  // namespace fanout
