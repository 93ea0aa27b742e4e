#include "lsp/fixes.hpp"

#include <algorithm>

#include "fanout/fix.hpp"
#include "fanout/sources.hpp"

namespace fanout::lsp {
namespace {

bool checked(const Analysis& analysis) {
  return analysis.setup->error.empty() && !analysis.setup->ignored && analysis.unfiltered.parsed;
}

}  // namespace

std::string fix_all(const Analysis& analysis, const Findings& planned, Analyzer& analyzer) {
  if (!checked(analysis)) return *analysis.text;
  // The one call of the fix loop, as `check --fix` makes it.
  return fix_text(analyzer, analysis.setup->display, *analysis.text, checked_kind_for_path(analysis.setup->path),
                       planned.unfiltered)
      .text;
}

bool applies_alone(const Analysis& analysis, const Fix& fix, Analyzer& analyzer) {
  if (!checked(analysis) || fix.applicability != Applicability::safe) return false;
  const AppliedFixes applied = apply_fixes(*analysis.text, {&fix});
  if (applied.applied == 0) return false;
  const SourceKind kind = checked_kind_for_path(analysis.setup->path);
  // A text without a parse-error note has no syntax error to count.
  const bool had_errors = std::any_of(analysis.unfiltered.diagnostics.begin(), analysis.unfiltered.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.rule_id == kParseErrorId; });
  const std::size_t before = had_errors ? analyzer.syntax_error_count(*analysis.text, kind) : 0;
  return analyzer.syntax_error_count(applied.text, kind) <= before;
}

}  // namespace fanout::lsp
