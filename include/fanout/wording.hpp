// Shared phrasing for rule messages, so every rule speaks the same way
// (style.md: lower case, no final period, code in backticks, the user's
// names). The semantic layer records provenance as Steps; these functions are
// the one place that turns them into words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fanout/diagnostic.hpp"
#include "fanout/rule.hpp"
#include "fanout/source_file.hpp"

namespace fanout::wording {

/// "one `db.insert`", "one async callback awaiting `db.insert`", "one task".
std::string work_phrase(const Finding& finding);
/// What the elements are called: the collection's name, or what a `.map` walks.
std::string elements_of(const Finding& finding);
/// Where a collection comes from, or why that cannot be seen:
/// "`.map` over `users`", "`rows` is a parameter that no call in this file feeds".
std::string origin(const Verdict& verdict, const SourceFile& file);
/// "; `rows` comes from `.map` over `users` at line 12" when the source is elsewhere.
std::string source_clause(const Finding& finding, const SourceFile& file);
/// Provenance steps as related locations, each with its label.
std::vector<Related> related_from(const Verdict& verdict, const SourceFile& file);
/// What to do instead of an unbounded combinator, fitting what it promises
/// (semantics.md, Rewrites): a series or a limit for `all`; a limiter around
/// each element's work, or a loop collecting each outcome, for `allSettled`;
/// a limiter for `race`/`any`, never a series (it would change the winner).
std::string sink_help(std::string_view method, std::string_view elements);
/// Collapses whitespace and shortens long code for a message.
std::string short_code(std::string_view code);

}  // namespace fanout::wording
