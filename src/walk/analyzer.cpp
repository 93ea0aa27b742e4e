#include "fanout/analyzer.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "diag/suppressions.hpp"
#include "fanout/fix.hpp"
#include "fanout/prefilter.hpp"
#include "fanout/rule.hpp"
#include "syntax/parser.hpp"
#include "walk/scan.hpp"

namespace fanout {
namespace {

constexpr std::array kLanguages = {Language::javascript, Language::typescript, Language::tsx};

// A rule that cannot report in this run needs no dispatch and no needle.
bool rule_active(const Rule& rule, const AnalysisOptions& options) {
  if (rule.meta().strict_only && !options.strict) return false;
  const auto it = options.severities.find(rule.meta().id);
  return it == options.severities.end() || it->second != Severity::off;
}

Severity severity_for(const Rule& rule, const AnalysisOptions& options) {
  const auto it = options.severities.find(rule.meta().id);
  return it == options.severities.end() ? rule.meta().severity : it->second;
}

// The first ERROR or MISSING node, for the parse-error note.
Node first_syntax_error(Node root) {
  Node found;
  walk(root, [&](Node n) {
    if (found) return false;
    if (n.is_error() || n.is_missing()) {
      found = n;
      return false;
    }
    return n.has_error();
  });
  return found;
}

// The comment nodes that may hold a suppression directive: only nodes around
// a `fanout-` in the text are entered, so the walk stays short.
std::vector<CommentRange> directive_comments(Node root, std::string_view text) {
  std::vector<std::uint32_t> marks;
  for (auto at = text.find(kDirectiveMarker); at != std::string_view::npos; at = text.find(kDirectiveMarker, at + 1)) {
    marks.push_back(static_cast<std::uint32_t>(at));
  }
  std::vector<CommentRange> comments;
  walk(root, [&](Node n) {
    const auto first = std::lower_bound(marks.begin(), marks.end(), n.start());
    if (first == marks.end() || *first >= n.end()) return false;
    if (n.is(Kind::comment)) {
      comments.push_back(CommentRange{n.start(), n.end()});
      return false;
    }
    return true;
  });
  return comments;
}

// Deeper than any real source: the deepest of 25 000 npm files nests about
// 220 levels (JS) and 1 000 (a .d.ts union). Ancestor lookups cost the depth,
// and callbacks nested in callbacks are rescanned per level, so generated
// 100 000-deep nesting would otherwise run for hours. Rules are not called
// below it; the rest of the file is checked as usual.
constexpr std::uint32_t kMaxDepth = 2000;

bool diagnostic_before(const Diagnostic& a, const Diagnostic& b) {
  if (a.span.start != b.span.start) return a.span.start < b.span.start;
  return a.rule_id < b.rule_id;
}

}  // namespace

struct Analyzer::Impl {
  explicit Impl(const AnalysisOptions& opts) : options(opts) {
    for (const Rule* rule : all_rules()) {
      if (!rule_active(*rule, options)) continue;
      Filter filter{.may_report = rule->meta().may_report, .rule = rule};
      for (auto needle : rule->meta().needles) filter.needles.push_back(needle_index(needle));
      filters.push_back(std::move(filter));
    }
    // Unused or reason-less suppressions are findings in files with no other.
    if (options.unused_suppression_severity != Severity::off || options.require_suppression_reason) {
      filters.push_back(Filter{.needles = {needle_index(kDirectiveMarker)}});
    }
    // A team's helpers are sinks too: their names must let a file through,
    // to the rule that matches them.
    const Rule* helpers_rule = find_rule("unbounded-library-map");
    if (helpers_rule != nullptr && !rule_active(*helpers_rule, options)) helpers_rule = nullptr;
    for (const auto& helper : options.map_helpers) {
      const auto dot = helper.callee.rfind('.');
      const std::string name = dot == std::string::npos ? helper.callee : helper.callee.substr(dot + 1);
      filters.push_back(Filter{.needles = {needle_index(name)}, .rule = helpers_rule});
    }
    for (Language language : kLanguages) {
      const Grammar& grammar = Grammar::get(language);
      auto& table = dispatch[static_cast<std::size_t>(language)];
      table.resize(grammar.symbol_count());
      for (const Rule* rule : all_rules()) {
        if (!rule_active(*rule, options)) continue;
        for (Kind kind : rule->meta().kinds) {
          for (TSSymbol s = 0; s < grammar.symbol_count(); ++s) {
            if (grammar.kind_of(s) == kind) table[s].push_back(rule);
          }
        }
      }
    }
  }

  // Rules share needles (`async`, `bluebird`): each is searched once per file.
  std::size_t needle_index(std::string_view needle) {
    const auto it = std::find(needles.begin(), needles.end(), needle);
    if (it != needles.end()) return static_cast<std::size_t>(it - needles.begin());
    needles.emplace_back(needle);
    return needles.size() - 1;
  }

  /// Fills `active` with the rules that may report in `text` (a rule whose
  /// filter fails cannot, so it is not even called); false when there is
  /// nothing to parse for.
  bool may_report(std::string_view text) {
    active.clear();
    if (!options.prefilter) {
      for (const Filter& filter : filters) active.insert(filter.rule);
      return true;
    }
    // The rules' own scans ask the same text about their needles again.
    const prefilter::Text scanned(text);
    const auto has = [&](std::size_t i) { return scanned.contains(needles[i]); };
    bool parse = false;
    for (const Filter& filter : filters) {
      if (active.contains(filter.rule) && filter.rule != nullptr) continue;
      if (std::any_of(filter.needles.begin(), filter.needles.end(), has) &&
          (filter.may_report == nullptr || filter.may_report(scanned))) {
        active.insert(filter.rule);
        parse = true;
      }
    }
    return parse;
  }

  /// Where the active rules' anchors are in `text`, sorted; nullopt when a
  /// rule without anchors is active (every node is visited) or under --no-prefilter.
  std::optional<std::vector<std::uint32_t>> anchor_offsets(std::string_view text) const {
    if (!options.prefilter) return std::nullopt;
    std::vector<std::uint32_t> offsets;
    for (const Rule* rule : active) {
      if (rule == nullptr) continue;
      if (rule->meta().anchors.empty()) return std::nullopt;
      for (std::string_view word : rule->meta().anchors) {
        prefilter::any_word(text, word, [&](std::size_t at) {
          offsets.push_back(static_cast<std::uint32_t>(at));
          return false;
        });
      }
    }
    std::sort(offsets.begin(), offsets.end());
    return offsets;
  }

  /// One rule's (or helper's) pre-filter: any needle, then the rule's own scan.
  struct Filter {
    std::vector<std::size_t> needles;
    bool (*may_report)(const prefilter::Text&) = nullptr;
    const Rule* rule = nullptr;  ///< what passing it activates (null: parse only, e.g. suppressions)
  };

  AnalysisOptions options;
  Parser parser;
  std::vector<std::string> needles;
  std::vector<Filter> filters;
  std::set<const Rule*> active;
  std::array<std::vector<std::vector<const Rule*>>, kLanguages.size()> dispatch;
};

Analyzer::Analyzer(const AnalysisOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Analyzer::~Analyzer() = default;

const AnalysisOptions& Analyzer::options() const { return impl_->options; }

FileResult Analyzer::analyze(std::string display_path, std::string_view text, Language language) {
  FileResult result;
  if (!impl_->may_report(text)) {
    // Nothing to report: no line index, and no copy of the text.
    result.file = std::make_shared<SourceFile>(std::move(display_path), std::string());
    return result;
  }
  auto file = std::make_shared<SourceFile>(std::move(display_path), std::string(text));
  result.file = file;

  Tree tree = impl_->parser.parse(file->text(), language);
  if (!tree) {
    result.diagnostics.push_back(Diagnostic{
        .rule_id = std::string(kParseErrorId),
        .severity = Severity::warn,
        .span = {0, 0},
        .message = "the parser gave up on this file; it was not checked",
    });
    return result;
  }
  result.parsed = true;
  const Node root = tree.root();
  if (root.has_error()) {
    const Node error = first_syntax_error(root);
    const std::uint32_t at = error ? error.start() : 0;
    result.diagnostics.push_back(Diagnostic{
        .rule_id = std::string(kParseErrorId),
        .severity = Severity::info,
        .span = {at, error ? std::max(at, std::min(error.end(), at + 1)) : at},
        .message = error && error.is_missing()
                       ? fmt::format("syntax error: missing `{}`; code around it is not checked", error.type())
                       : std::string("syntax error; code inside the unparsable part is not checked"),
    });
  }

  RuleContext context(*file, root, impl_->options);
  const auto& table = impl_->dispatch[static_cast<std::size_t>(language)];
  const auto& active = impl_->active;
  // Subtrees holding no anchor cannot hold a finding: the walk steps over them.
  const std::optional<std::vector<std::uint32_t>> anchors = impl_->anchor_offsets(file->text());
  const auto holds_anchor = [&](const Node& n) {
    if (!anchors) return true;
    const auto it = std::lower_bound(anchors->begin(), anchors->end(), n.start());
    return it != anchors->end() && *it < n.end();
  };
  Cursor cursor(root);
  std::uint32_t depth = 0;
  std::optional<std::uint32_t> too_deep;  // where the first subtree left unchecked starts
  // One iterative walk; children of ERROR nodes are skipped (no findings there).
  for (;;) {
    const TSSymbol symbol = cursor.symbol();
    const Node node = cursor.node();
    const bool deep = depth >= kMaxDepth;
    if (deep && !too_deep) too_deep = node.start();
    const bool inside = !deep && holds_anchor(node);
    if (inside && symbol < table.size()) {
      for (const Rule* rule : table[symbol]) {
        if (active.contains(rule)) rule->check(node, context);
      }
    }
    if (inside && !node.is_error() && cursor.first_child()) {
      ++depth;
      continue;
    }
    bool done = false;
    while (!cursor.next_sibling()) {
      if (!cursor.up()) {
        done = true;
        break;
      }
      --depth;
    }
    if (done) break;
  }
  if (too_deep) {
    result.diagnostics.push_back(Diagnostic{
        .rule_id = std::string(kParseErrorId),
        .severity = Severity::info,
        .span = {*too_deep, *too_deep},
        .message = fmt::format("code nested deeper than {} levels is not checked (generated code?)", kMaxDepth),
    });
  }

  RewriteFacts rewrite_facts;
  for (auto& recorded : context.findings()) {
    const Rule& rule = *recorded.rule;
    if (recorded.finding.sink_call && recorded.finding.sink_call.inside_error()) continue;
    Diagnostic diagnostic = rule.describe(recorded.finding, *file);
    diagnostic.severity = severity_for(rule, impl_->options);
    // The rule that found it plans its fix (style.md: a rule owns its fix).
    FixContext fix_context{.semantic = context.semantic(), .options = impl_->options.fix, .facts = &rewrite_facts};
    diagnostic.fix = rule.fix(recorded.finding, fix_context);
    result.diagnostics.push_back(std::move(diagnostic));
  }
  if (file->text().find(kDirectiveMarker) != std::string::npos) {
    apply_suppressions(*file, directive_comments(root, file->text()), impl_->options, result.diagnostics);
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), diagnostic_before);
  return result;
}

std::size_t Analyzer::syntax_error_count(const std::string& text, Language language) {
  Tree tree = impl_->parser.parse(text, language);
  if (!tree) return static_cast<std::size_t>(-1);
  std::size_t count = 0;
  walk(tree.root(), [&](Node n) {
    if (n.is_error() || n.is_missing()) ++count;
    return n.has_error();
  });
  return count;
}

bool Analyzer::has_syntax_error(const std::string& text, Language language) {
  return syntax_error_count(text, language) != 0;
}

}  // namespace fanout
