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
#include "syntax/blocks.hpp"
#include "syntax/document_tree.hpp"
#include "syntax/parser.hpp"
#include "syntax/reader.hpp"
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

// "line 4 is", "lines 3-5, 9 and 12-14 are": the lines the ranges touch.
std::string line_list(const SourceFile& file, const std::vector<ByteRange>& ranges) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lines;
  for (const auto& [from, to] : ranges) {
    const std::uint32_t first = file.position(from).line;
    const std::uint32_t last = file.position(to > from ? to - 1 : from).line;
    if (!lines.empty() && first <= lines.back().second + 1) {
      lines.back().second = std::max(lines.back().second, last);
    } else {
      lines.emplace_back(first, last);
    }
  }
  constexpr std::size_t kShown = 4;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < lines.size() && i < kShown; ++i) {
    const auto [first, last] = lines[i];
    parts.push_back(first == last ? fmt::format("{}", first) : fmt::format("{}-{}", first, last));
  }
  if (lines.size() > kShown) parts.push_back(fmt::format("{} more places", lines.size() - kShown));
  std::string list;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) list += i + 1 == parts.size() ? " and " : ", ";
    list += parts[i];
  }
  const bool one = lines.size() == 1 && lines[0].first == lines[0].second;
  return fmt::format("{} {} {}", one ? "line" : "lines", list, one ? "is" : "are");
}

std::string in_block(const CodeBlock& block) {
  return block.name.empty() ? std::string() : fmt::format(" in `{}`", block.name);
}

// The parse-error note: where the first error is, and which lines no tree read.
Diagnostic syntax_error_note(const SourceFile& file, const CodeBlock& block, const BlockReading& reading,
                             Severity severity) {
  const std::uint32_t at = reading.first_error;
  std::string message;
  if (!reading.unchecked.empty()) {
    const std::string lines = line_list(file, reading.unchecked);
    message = reading.missing.empty()
                  ? fmt::format("syntax error{}; {} not checked", in_block(block), lines)
                  : fmt::format("syntax error{}: missing `{}`; {} not checked", in_block(block), reading.missing, lines);
  } else {
    message = fmt::format("syntax error{}: missing `{}`; the code is read as if it were there", in_block(block),
                          reading.missing);
  }
  return Diagnostic{
      .rule_id = std::string(kParseErrorId),
      .severity = severity,
      .span = {at, std::max(at, std::min(reading.first_error_end, at + 1))},
      .message = std::move(message),
  };
}

// A script block in a language fanout does not read (`lang="coffee"`).
Diagnostic unreadable_block_note(const SourceFile& file, const CodeBlock& block, Severity severity) {
  return Diagnostic{
      .rule_id = std::string(kParseErrorId),
      .severity = severity,
      .span = {block.start, block.start},
      .message = fmt::format("`{}` is not JavaScript or TypeScript ({}); {} not checked", block.name, block.unreadable,
                             line_list(file, {{block.start, block.end}})),
  };
}

}  // namespace

SourceKind source_kind_of(Language language) {
  switch (language) {
    case Language::typescript: return SourceKind::typescript;
    case Language::tsx: return SourceKind::tsx;
    case Language::javascript: break;
  }
  return SourceKind::javascript;
}

struct Analyzer::Impl {
  explicit Impl(const AnalysisOptions& opts)
      : options(opts), parse_error_severity(configured_severity(opts, kParseErrorId, kParseErrorSeverity)) {
    for (const Rule* rule : all_rules()) {
      if (!rule_active(*rule, options)) continue;
      Filter filter{.may_report = rule->meta().may_report, .rule = rule};
      for (auto needle : rule->meta().needles) filter.needles.push_back(needle_index(needle));
      filters.push_back(std::move(filter));
    }
    // Suppression comments are findings in files with no other: unused or
    // reason-less ones when asked for, unknown rule ids always.
    if (options.inline_config) {
      filters.push_back(Filter{.needles = {needle_index(kDirectiveMarker)}});
    }
    // A team's helpers are sinks too: their names must let a file through,
    // to the rule that matches them.
    helpers_rule = find_rule("unbounded-library-map");
    if (helpers_rule != nullptr && !rule_active(*helpers_rule, options)) helpers_rule = nullptr;
    for (const auto& helper : options.map_helpers) {
      const auto dot = helper.callee.rfind('.');
      const std::string name = dot == std::string::npos ? helper.callee : helper.callee.substr(dot + 1);
      filters.push_back(Filter{.needles = {needle_index(name)}, .rule = helpers_rule});
      helper_words.push_back(name);  // the last word of the callee lies inside every call of it
    }
  }

  /// Which active rules each symbol of `language` calls, built on the first
  /// tree in that language: a one-file run needs one grammar, not three.
  const std::vector<std::vector<const Rule*>>& dispatch_for(Language language) {
    auto& table = dispatch[static_cast<std::size_t>(language)];
    if (!table.empty()) return table;
    const Grammar& grammar = Grammar::get(language);
    table.resize(grammar.symbol_count());
    for (const Rule* rule : all_rules()) {
      if (!rule_active(*rule, options)) continue;
      for (TSSymbol s = 0; s < grammar.symbol_count(); ++s) {
        const Kind kind = grammar.kind_of(s);
        const auto& kinds = rule->meta().kinds;
        if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) table[s].push_back(rule);
      }
    }
    return table;
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

  /// Where the active rules' anchors are in the file, sorted; nullopt when a
  /// rule without anchors is active (every node is visited) or under --no-prefilter.
  std::optional<std::vector<std::uint32_t>> anchor_offsets(RuleContext& context) const {
    if (!options.prefilter) return std::nullopt;
    std::vector<std::string> words;  // owned: parsed anchors are computed here
    for (const Rule* rule : active) {
      if (rule == nullptr) continue;
      const RuleMeta& meta = rule->meta();
      if (meta.anchors.empty() && meta.parsed_anchors == nullptr) return std::nullopt;
      words.insert(words.end(), meta.anchors.begin(), meta.anchors.end());
      if (meta.parsed_anchors != nullptr) {
        const std::optional<std::vector<std::string>> parsed = meta.parsed_anchors(context.semantic());
        if (!parsed) return std::nullopt;
        words.insert(words.end(), parsed->begin(), parsed->end());
      }
      if (rule == helpers_rule) words.insert(words.end(), helper_words.begin(), helper_words.end());
    }
    const std::vector<std::string_view> views(words.begin(), words.end());
    return names_occurrences(context.file().text(), views);
  }

  /// One rule's (or helper's) pre-filter: any needle, then the rule's own scan.
  struct Filter {
    std::vector<std::size_t> needles;
    bool (*may_report)(const prefilter::Text&) = nullptr;
    const Rule* rule = nullptr;  ///< what passing it activates (null: parse only, e.g. suppressions)
  };

  /// Walks one tree, calling the active rules on their kinds, and appends
  /// the findings `speaks` for (a recovered tree speaks outside its cut) that
  /// are not already in `out` from `first` on. Collects directive comments.
  template <typename Speaks>
  void check(Node root, Language language, const SourceFile& file, std::vector<Diagnostic>& out,
             std::vector<CommentRange>& comments, Speaks&& speaks, std::size_t first, bool plan_fixes);

  /// Reads one block. An editor's document (plain JavaScript or TypeScript,
  /// not Flow) is reparsed incrementally from its last tree; a text with a
  /// syntax error is read afresh with recovery, the one place an incremental
  /// parse may differ from `check`'s. No trees: the parser gave up or a newer
  /// edit cancelled the parse.
  BlockReading read(std::string_view text, const CodeBlock& block, DocumentTree* document);

  AnalysisOptions options;
  Severity parse_error_severity;
  Parser parser;
  BlockReader reader{parser};
  std::vector<std::string> needles;
  std::vector<Filter> filters;
  std::set<const Rule*> active;
  const Rule* helpers_rule = nullptr;     ///< the rule a team's helpers are sinks of
  std::vector<std::string> helper_words;  ///< its extra anchors
  std::array<std::vector<std::vector<const Rule*>>, kLanguages.size()> dispatch;
};

template <typename Speaks>
void Analyzer::Impl::check(Node root, Language language, const SourceFile& file, std::vector<Diagnostic>& out,
                           std::vector<CommentRange>& comments, Speaks&& speaks, std::size_t first,
                           bool plan_fixes) {
  RuleContext context(file, root, options);
  const auto& table = dispatch_for(language);
  // Subtrees holding no anchor cannot hold a finding: the walk steps over them.
  const std::optional<std::vector<std::uint32_t>> anchors = anchor_offsets(context);
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
  // A finding the block's own parse already gave is not repeated by its recovered parse.
  const std::size_t known = out.size();
  const auto add = [&](Diagnostic diagnostic) {
    if (!speaks(diagnostic.span.start)) return;
    for (std::size_t i = first; i < known; ++i) {
      if (out[i].rule_id == diagnostic.rule_id && out[i].span.start == diagnostic.span.start &&
          out[i].span.end == diagnostic.span.end) {
        return;
      }
    }
    out.push_back(std::move(diagnostic));
  };
  if (too_deep && parse_error_severity != Severity::off) {
    add(Diagnostic{
        .rule_id = std::string(kParseErrorId),
        .severity = parse_error_severity,
        .span = {*too_deep, *too_deep},
        .message = fmt::format("code nested deeper than {} levels is not checked (generated code?)", kMaxDepth),
    });
  }

  RewriteFacts rewrite_facts;
  for (auto& recorded : context.findings()) {
    const Rule& rule = *recorded.rule;
    if (recorded.finding.sink_call && recorded.finding.sink_call.inside_error()) continue;
    Diagnostic diagnostic = rule.describe(recorded.finding, file);
    diagnostic.severity = severity_for(rule, options);
    // The rule that found it plans its fix (style.md: a rule owns its fix).
    if (plan_fixes) {
      FixContext fix_context{.semantic = context.semantic(), .options = options.fix, .facts = &rewrite_facts};
      diagnostic.fix = rule.fix(recorded.finding, fix_context);
    }
    add(std::move(diagnostic));
  }
  if (file.text().find(kDirectiveMarker) != std::string::npos) {
    const std::vector<CommentRange> found = directive_comments(root, file.text());
    comments.insert(comments.end(), found.begin(), found.end());
  }
}

BlockReading Analyzer::Impl::read(std::string_view text, const CodeBlock& block, DocumentTree* document) {
  if (document != nullptr && !block.flow) {
    Tree tree = parser.parse(text, block.language, document->old_tree(block.language), document->cancelled);
    if (!tree) return {};
    if (!tree.root().has_error()) {
      document->store(tree.raw(), block.language);
      BlockReading reading;
      reading.language = block.language;
      reading.trees.push_back(std::move(tree));
      return reading;
    }
  }
  BlockReading reading = reader.read(text, block);
  if (document != nullptr) {
    if (reading.trees.empty()) {
      document->reset();
    } else {
      document->store(reading.trees.front().raw(), reading.language);
    }
  }
  return reading;
}

Analyzer::Analyzer(const AnalysisOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Analyzer::~Analyzer() = default;

const AnalysisOptions& Analyzer::options() const { return impl_->options; }

FileResult Analyzer::analyze(std::string display_path, std::string_view text, Language language,
                             DocumentTree* document) {
  return analyze(std::move(display_path), text, source_kind_of(language), document);
}

FileResult Analyzer::analyze(std::string display_path, std::string_view text, SourceKind kind,
                             DocumentTree* document, bool plan_fixes) {
  FileResult result;
  // Sound for components too: every block is a part of the text.
  if (!impl_->may_report(text)) {
    // Nothing to report: no line index, and no copy of the text.
    result.file = std::make_shared<SourceFile>(std::move(display_path), std::string());
    return result;
  }
  auto file = std::make_shared<SourceFile>(std::move(display_path), std::string(text));
  result.file = file;
  const Severity note_severity = impl_->parse_error_severity;
  const auto note = [&](Diagnostic diagnostic) {
    if (note_severity != Severity::off) result.diagnostics.push_back(std::move(diagnostic));
  };

  std::vector<CommentRange> comments;
  const std::vector<CodeBlock> blocks = code_blocks(file->text(), kind);
  for (const CodeBlock& block : blocks) {
    if (!block.unreadable.empty()) {
      note(unreadable_block_note(*file, block, note_severity));
      continue;
    }
    // A plain file passed the filter above; a component's block must pass its own.
    const bool whole = block.start == 0 && block.end == file->text().size();
    if (!whole && !impl_->may_report(file->text().substr(block.start, block.end - block.start))) continue;
    const BlockReading reading = impl_->read(file->text(), block, whole ? document : nullptr);
    if (reading.trees.empty()) {
      note(Diagnostic{
          .rule_id = std::string(kParseErrorId),
          .severity = note_severity,
          .span = {block.start, block.start},
          .message = block.name.empty() ? std::string("the parser gave up on this file; it was not checked")
                                        : fmt::format("the parser gave up on `{}`; it was not checked", block.name),
      });
      continue;
    }
    result.parsed = true;
    if (reading.has_syntax_error) note(syntax_error_note(*file, block, reading, note_severity));
    if (reading.out_of_time) {
      // Honest about the cut: a result that depends on how fast the machine is.
      note(Diagnostic{
          .rule_id = std::string(kParseErrorId),
          .severity = note_severity,
          .span = {block.start, block.start},
          .message = std::string(kOutOfTimeNote),
      });
    }
    const std::size_t first_finding = result.diagnostics.size();
    for (std::size_t i = 0; i < reading.trees.size(); ++i) {
      impl_->check(reading.trees[i].root(), reading.language, *file, result.diagnostics, comments,
                   [&](std::uint32_t offset) { return reading.speaks_for(i, offset); }, first_finding, plan_fixes);
    }
  }
  if (file->text().find(kDirectiveMarker) != std::string::npos) {
    std::sort(comments.begin(), comments.end(), [](const CommentRange& a, const CommentRange& b) { return a.start < b.start; });
    comments.erase(std::unique(comments.begin(), comments.end(),
                               [](const CommentRange& a, const CommentRange& b) { return a.start == b.start; }),
                   comments.end());
    apply_suppressions(*file, comments, impl_->options, result.diagnostics, &result.suppressed);
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), diagnostic_before);
  return result;
}

std::size_t Analyzer::syntax_error_count(const std::string& text, SourceKind kind) {
  std::size_t count = 0;
  for (const CodeBlock& block : code_blocks(text, kind)) {
    if (!block.unreadable.empty()) continue;
    const std::size_t errors = impl_->reader.error_count(text, block);
    if (errors == static_cast<std::size_t>(-1)) return errors;
    count += errors;
  }
  return count;
}

std::size_t Analyzer::syntax_error_count(const std::string& text, Language language) {
  return syntax_error_count(text, source_kind_of(language));
}

bool Analyzer::has_syntax_error(const std::string& text, Language language) {
  return syntax_error_count(text, language) != 0;
}

}  // namespace fanout
