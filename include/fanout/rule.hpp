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
#include "fanout/prefilter.hpp"
#include "fanout/semantic.hpp"
#include "fanout/syntax.hpp"

namespace fanout {

enum class FixAvailability : std::uint8_t { none, sometimes, always };

/// Everything about a rule that can be read without running it.
struct RuleMeta {
  std::string_view id;
  Severity severity = Severity::error;
  std::string_view summary;
  FixAvailability fix = FixAvailability::none;
  std::vector<Kind> kinds;          ///< the engine calls check() only on these
  /// Substrings without which the rule cannot report in a file (the pre-filter).
  std::vector<std::string_view> needles;
  /// Run when a needle is found: a sound but tighter text scan
  /// (fanout/prefilter.hpp); false means the rule cannot report in `text`.
  bool (*may_report)(const prefilter::Text& text) = nullptr;
  /// Names (whole words in the text) one of which lies inside every node
  /// check() can report on: the walk skips subtrees holding none (empty: none skipped).
  std::vector<std::string_view> anchors;
  bool strict_only = false;         ///< reported only under --strict
};

/// What a rule found, before it is worded. Nodes are valid while the tree lives.
struct Finding {
  Node sink_call;       ///< the whole call: `Promise.all(...)`, `pMap(...)`, `xs.forEach(...)`
  Span callee;          ///< primary location: `Promise`, `pMap`, the `forEach` property
  std::string sink;     ///< as written: `Promise.all`, `pMap`, `async.map`, `forEach`
  Node collection;      ///< the argument fanned out over
  std::string collection_text;
  Verdict verdict;
  CallbackFacts callback;
  std::string note;     ///< extra reason, e.g. "`concurrency: Infinity` is no limit"
};

class RuleContext;

/// A rule: metadata plus check(). Rules never throw.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  /// Called for every node whose kind is in meta().kinds.
  virtual void check(Node node, RuleContext& context) const = 0;
  /// Words a finding (message, related locations, help). Pure.
  virtual Diagnostic describe(const Finding& finding, const SourceFile& file) const = 0;
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
