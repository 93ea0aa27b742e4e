#include "diag/wording.hpp"

#include <fmt/format.h>

namespace fanout::wording {

std::string short_code(std::string_view code) {
  std::string out;
  bool space = false;
  for (char c : code) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  // `source\n  .delete` reads as `source.delete`.
  for (std::size_t at; (at = out.find(" .")) != std::string::npos;) out.erase(at, 1);
  if (out.size() > 40) out = out.substr(0, 37) + "...";
  return out;
}

std::string work_phrase(const Finding& finding) {
  const std::string work = short_code(!finding.callback.work.empty() ? finding.callback.work : finding.verdict.work);
  if (work.empty() || work == "async callback") {
    return finding.callback.is_async ? "one async callback" : "one task";
  }
  if (finding.callback.is_async) return fmt::format("one async callback awaiting `{}`", work);
  return fmt::format("one `{}`", work);
}

std::string elements_of(const Finding& finding) {
  // A named collection is called by its name; an expression by what it walks.
  const bool named = finding.collection && finding.collection.is(Kind::identifier);
  if (named || finding.verdict.over.empty()) return finding.collection_text;
  return finding.verdict.over;
}

std::string source_clause(const Finding& finding, const SourceFile& file) {
  const bool named = finding.collection && finding.collection.is(Kind::identifier);
  if (!named || finding.verdict.origin.empty()) return {};
  const auto& steps = finding.verdict.steps;
  if (steps.empty() || finding.verdict.origin.find(" at line ") != std::string::npos) {
    return fmt::format("; `{}` comes from {}", finding.collection_text, finding.verdict.origin);
  }
  const Position at = file.position(steps.front().span.start);
  return fmt::format("; `{}` comes from {} at line {}", finding.collection_text, finding.verdict.origin, at.line);
}

std::vector<Related> related_from(const Verdict& verdict) {
  std::vector<Related> out;
  for (const Step& step : verdict.steps) out.push_back(Related{.span = step.span, .label = step.label});
  return out;
}

std::string sink_help(std::string_view sink, std::string_view elements) {
  const std::string_view method = sink.substr(sink.rfind('.') + 1);
  if (method == "allSettled") {
    return fmt::format("limit the work per element of `{}` (`items.map((item) => limit(() => work(item)))` with "
                       "`const limit = pLimit(8)`), or collect each outcome in a `for...of` loop with `try`/`catch`; "
                       "`allSettled` keeps every outcome, so it is not fixed automatically",
                       elements);
  }
  if (method == "any" || method == "race") {
    return fmt::format("limit how many of `{}` start at once (`items.map((item) => limit(() => work(item)))` with "
                       "`const limit = pLimit(8)`); one at a time would change which one `{}` settles with, so it is "
                       "not fixed automatically",
                       elements, method);
  }
  return fmt::format(
      "process `{}` in series (bluebird `Promise.mapSeries`, or `for...of` with `await`) or with a concurrency limit "
      "(`pMap(items, fn, {{ concurrency: 8 }})`)",
      elements);
}

}  // namespace fanout::wording
