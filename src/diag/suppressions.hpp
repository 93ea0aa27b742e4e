// Suppression comments (README.md, Suppressions): `fanout-disable-next-line`,
// `fanout-disable-line`, `fanout-disable` / `fanout-enable` ranges and a
// file-level `fanout-disable`, applied to one file's findings after analysis.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/options.hpp"
#include "fanout/source_file.hpp"

namespace fanout {

/// Ids of the findings about suppression comments themselves.
inline constexpr std::string_view kUnusedSuppressionId = "unused-suppression";
inline constexpr std::string_view kSuppressionWithoutReasonId = "suppression-without-reason";

/// The marker every directive starts with: files without it need no work.
inline constexpr std::string_view kDirectiveMarker = "fanout-";

/// The byte range of one comment node (never a look-alike inside a string).
struct CommentRange {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

/// Moves the rule findings the directives in `comments` suppress out of
/// `diagnostics` (into `suppressed`, with the directive's reason, when given),
/// then adds `suppression-without-reason` (when required) and
/// `unused-suppression` findings: at `options.unused_suppression_severity`,
/// and at least `warn` for a directive naming a rule that does not exist.
/// Notes about the run (parse errors) are never suppressed. With
/// `options.inline_config` false, directives do nothing at all.
void apply_suppressions(const SourceFile& file, const std::vector<CommentRange>& comments,
                        const AnalysisOptions& options, std::vector<Diagnostic>& diagnostics,
                        std::vector<Suppressed>* suppressed = nullptr);

}  // namespace fanout
