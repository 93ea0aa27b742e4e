// The one fix loop (style.md, Fixes): `--fix`, `--fix-dry-run`, the fuzzer and
// every test helper run this, so the tests run what ships.
#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "fanout/fix.hpp"

namespace fanout {
namespace {

constexpr int kMaxPasses = 10;

// Names a fix by what it does rather than where, so that a fix dropped for
// breaking syntax is still recognised after earlier fixes moved its offsets.
std::string fix_identity(const Diagnostic& diagnostic, const std::string& text) {
  std::string id = diagnostic.rule_id + '\0' + diagnostic.fix->title;
  for (const Edit& edit : diagnostic.fix->edits) {
    const std::size_t start = std::min<std::size_t>(edit.start, text.size());
    const std::size_t end = std::min<std::size_t>(std::max(edit.end, edit.start), text.size());
    id += '\0';
    id.append(text, start, end - start);
    id += '\0';
    id += edit.replacement;
  }
  return id;
}

}  // namespace

FixedText fix_text(Analyzer& analyzer, const std::string& display_path, const std::string& original,
                   SourceKind kind, FileResult first) {
  FixedText out{.text = original, .result = std::move(first)};
  // Counted on first need: most files have no safe fix and need no second parse.
  std::optional<std::size_t> allowed_errors;
  std::set<std::string> dropped;
  const auto keeps_syntax = [&](const std::string& text) {
    if (!allowed_errors) allowed_errors = analyzer.syntax_error_count(original, kind);
    return analyzer.syntax_error_count(text, kind) <= *allowed_errors;
  };

  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::vector<const Fix*> fixes;
    std::vector<std::string> ids;
    for (const Diagnostic& diagnostic : out.result.diagnostics) {
      // `unsafe` fixes (a `.then` chain on the combinator) only with --fix-unsafe.
      if (!diagnostic.fix) continue;
      const Applicability a = diagnostic.fix->applicability;
      if (a != Applicability::safe && !(a == Applicability::unsafe && analyzer.options().fix.apply_unsafe)) continue;
      std::string id = fix_identity(diagnostic, out.text);
      if (dropped.contains(id)) continue;
      fixes.push_back(&*diagnostic.fix);
      ids.push_back(std::move(id));
    }
    if (fixes.empty()) break;

    AppliedFixes applied = apply_fixes(out.text, fixes);
    if (applied.applied > 0 && !keeps_syntax(applied.text)) {
      // Find the culprits one by one, then apply the rest together.
      std::vector<const Fix*> good;
      for (std::size_t i = 0; i < fixes.size(); ++i) {
        const AppliedFixes alone = apply_fixes(out.text, {fixes[i]});
        if (alone.applied > 0 && keeps_syntax(alone.text)) {
          good.push_back(fixes[i]);
        } else {
          dropped.insert(ids[i]);
        }
      }
      if (good.empty()) break;
      applied = apply_fixes(out.text, good);
      // Fixes that are fine alone but clash together: take the first only.
      if (!keeps_syntax(applied.text)) applied = apply_fixes(out.text, {good.front()});
    }
    if (applied.applied == 0 || applied.text == out.text) break;
    out.text = std::move(applied.text);
    out.applied += applied.applied;
    out.result = analyzer.analyze(display_path, out.text, kind);
  }
  return out;
}

}  // namespace fanout
