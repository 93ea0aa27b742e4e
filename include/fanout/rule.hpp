// What a rule is: static metadata, a check over subscribed node kinds that
// records Findings, and pure functions from a Finding to a message and a fix
// (style.md, Rules).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/semantic.hpp"
#include "fanout/sinks.hpp"
#include "fanout/syntax.hpp"

namespace fanout {

namespace prefilter {
class Text;  // fanout/prefilter.hpp: the predicates a rule names in `may_report`
}
struct FixOptions;
struct RewriteFacts;

enum class FixAvailability : std::uint8_t { none, sometimes, always };

/// Everything about a rule that can be read without running it.
struct RuleMeta {
  std::string_view id;
  Severity severity = Severity::error;
  std::string_view summary;
  FixAvailability fix = FixAvailability::none;
  std::vector<Kind> kinds;          ///< the engine calls check() only on these
  /// Substrings without which the rule cannot report in a file (the
  /// pre-filter), taken from the catalog's rows where they name libraries.
  std::vector<std::string_view> needles;
  /// Run when a needle is found: one of the named, tested predicates of
  /// fanout/prefilter.hpp; false means the rule cannot report in `text`.
  /// Null: the needles alone decide.
  bool (*may_report)(const prefilter::Text& text) = nullptr;
  /// Names (whole words in the text) one of which lies inside every node
  /// check() can report on: the walk skips subtrees holding none (empty: none skipped).
  std::vector<std::string_view> anchors;
  /// More anchors, known once the file is parsed (null: none): names a call
  /// can use for what the rule looks for whatever they are spelt, such as a
  /// function imported from a library under a name of the file's choosing.
  /// nullopt: the rule cannot tell, and every node is visited.
  std::optional<std::vector<std::string>> (*parsed_anchors)(const Semantic& semantic) = nullptr;
  bool strict_only = false;         ///< reported only under --strict
};

/// What a rule found, before it is worded. Nodes are valid while the tree lives.
struct Finding {
  Node sink_call;       ///< the whole call: `Promise.all(...)`, `pMap(...)`, `xs.forEach(...)`
  Span callee;          ///< primary location: `Promise`, `pMap`, the `forEach` property
  std::string sink;     ///< as written: `Promise.all`, `pMap`, `async.map`, `forEach`
  Node sink_object;     ///< a combinator's object: `Promise`, or the bluebird binding `B`
  std::string_view sink_method;  ///< the sink's method: `all`, `map`, `forEach`
  const SinkRow* row = nullptr;  ///< a library sink's catalog row (or a team helper's)
  Node collection;      ///< the argument fanned out over
  std::string collection_text;
  Verdict verdict;
  CallbackFacts callback;
  std::string note;     ///< extra reason, e.g. "`concurrency: Infinity` is no limit"
};

class RuleContext;

/// What a rule's fix hook may use: the file's semantic layer, the fix
/// options, and facts shared by the rewrites of one file.
struct FixContext {
  const Semantic& semantic;
  const FixOptions& options;
  RewriteFacts* facts = nullptr;
};

/// A rule: metadata plus check(). Rules never throw.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  /// Called for every node whose kind is in meta().kinds.
  virtual void check(Node node, RuleContext& context) const = 0;
  /// Words a finding (message, related locations, help). Pure.
  virtual Diagnostic describe(const Finding& finding, const SourceFile& file) const = 0;
  /// Plans the rewrite of a finding (style.md: a rule owns its fix). A rule
  /// whose meta().fix is not `none` overrides it; the default has none.
  virtual std::optional<Fix> fix(const Finding& finding, FixContext& context) const;
};

/// What check() may use: the file, its semantic layer (built on first use),
/// the options, and a way to record findings.
class RuleContext {
 public:
  RuleContext(const SourceFile& file, Node root, const AnalysisOptions& options);
  ~RuleContext();

  const SourceFile& file() const { return file_; }
  const AnalysisOptions& options() const { return options_; }
  Semantic& semantic();
  std::string_view text(Node node) const;

  void report(const Rule& rule, Finding finding);
  struct Recorded {
    const Rule* rule;
    Finding finding;
  };
  std::vector<Recorded>& findings() { return findings_; }

 private:
  const SourceFile& file_;
  Node root_;
  const AnalysisOptions& options_;
  std::unique_ptr<Semantic> semantic_;
  std::vector<Recorded> findings_;
};

/// Every rule, sorted by id (rules/registry.cpp).
std::span<const Rule* const> all_rules();
const Rule* find_rule(std::string_view id);
/// A rule's README, embedded at build time; empty if none.
std::string_view rule_doc(std::string_view id);

}  // namespace fanout
