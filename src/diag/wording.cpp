// The words for provenance (semantics.md: every finding says what made the
// source unbounded). Steps are data from the semantic layer; here, and only
// here, they become phrases and related-location labels.
#include "fanout/wording.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "syntax/lex.hpp"

namespace fanout::wording {
namespace {

std::string loop_phrase(const Step& step) {
  switch (step.loop) {
    case LoopKind::for_: return "`for` loop";
    case LoopKind::for_of: return "`for...of` loop";
    case LoopKind::for_in: return "`for...in` loop";
    case LoopKind::while_: return "`while` loop";
    case LoopKind::do_while: return "`do...while` loop";
    case LoopKind::callback: return fmt::format("`.{}` callback", step.how);
    case LoopKind::other: break;
  }
  return "loop";
}

// Where a source step's collection comes from, as a phrase after "comes from".
std::string source_phrase(const Step& step) {
  switch (step.kind) {
    case StepKind::mapped_over:
      if (step.count) {
        return fmt::format("`{}` over {} elements, more than `max-literal-elements` ({})", step.how, *step.count,
                           step.limit);
      }
      return fmt::format("`{}` over `{}`", step.how, step.subject);
    case StepKind::filled_in_loop:
      return fmt::format("{} inside a {}", step.keyed ? "a keyed assignment" : "`push`", loop_phrase(step));
    case StepKind::filled_per_element:
      return fmt::format("{} inside a `.{}` callback over `{}`", step.keyed ? "a keyed assignment" : "`push`",
                         step.how, step.subject);
    case StepKind::filled_counted:
      return fmt::format("{} pushes in counted loops, more than `max-literal-elements` ({})", step.count.value_or(0),
                         step.limit);
    case StepKind::undeclared: return fmt::format("`{}` is not declared in this file", step.subject);
    case StepKind::imported: return fmt::format("`{}` is imported", step.subject);
    case StepKind::parameter: return fmt::format("`{}` is a parameter", step.subject);
    case StepKind::unfed_parameter:
      return fmt::format("`{}` is a parameter that no call in this file feeds", step.subject);
    case StepKind::destructured: return fmt::format("`{}` is destructured", step.subject);
    case StepKind::not_local: return fmt::format("`{}` is not a local collection", step.subject);
    case StepKind::outside_function: return fmt::format("`{}` comes from outside this function", step.subject);
    case StepKind::returned_by_call: return fmt::format("`{}` returns it", step.subject);
    case StepKind::fed_by_call:
    case StepKind::returned_by: break;
  }
  return {};
}

// The related-location label of a step, or "" for a step without one.
std::string label(const Step& step, const SourceFile& file) {
  std::string text;
  switch (step.kind) {
    case StepKind::mapped_over:
      text = fmt::format("comes from {}{}", source_phrase(step),
                         step.work.empty() ? "" : fmt::format(", which starts `{}` per element", step.work));
      break;
    case StepKind::filled_in_loop:
      text = fmt::format("`{}` is filled here, inside a {}", step.subject, loop_phrase(step));
      break;
    case StepKind::filled_per_element:
      text = fmt::format("is filled here, once per element of `{}`", step.subject);
      break;
    case StepKind::filled_counted:
      text = fmt::format("`{}` is filled here, {} times", step.subject, step.count.value_or(0));
      break;
    case StepKind::fed_by_call:
      text = fmt::format("`{}` is fed here by a call at line {}", step.subject, file.position(step.site.start).line);
      break;
    default:
      return {};
  }
  // Each name the source was bound to on its way: "`rows` `batch` is filled here".
  for (auto it = step.through.rbegin(); it != step.through.rend(); ++it) text = fmt::format("`{}` {}", *it, text);
  return text;
}

bool named_collection(const Finding& finding) {
  return finding.collection && finding.collection.is(Kind::identifier);
}

}  // namespace

std::string short_code(std::string_view code) { return lex::short_code(code); }

std::string work_phrase(const Finding& finding) {
  const std::string work = short_code(!finding.callback.work.empty() ? finding.callback.work : finding.verdict.work);
  if (work.empty()) {
    return finding.callback.is_async ? "one async callback" : "one task";
  }
  if (finding.callback.is_async) return fmt::format("one async callback awaiting `{}`", work);
  return fmt::format("one `{}`", work);
}

std::string elements_of(const Finding& finding) {
  // A named collection is called by its name; an expression by what it walks.
  if (named_collection(finding) || finding.verdict.over.empty()) return finding.collection_text;
  return finding.verdict.over;
}

std::string origin(const Verdict& verdict, const SourceFile& file) {
  if (verdict.steps.empty()) return {};
  const Step& source = verdict.steps.front();
  std::string out = source_phrase(source);
  const std::uint32_t source_line = file.position(source.span.start).line;
  for (std::size_t i = 1; i < verdict.steps.size(); ++i) {
    const Step& step = verdict.steps[i];
    if (step.kind == StepKind::fed_by_call) {
      out = fmt::format("{} at line {}, passed in by the call at line {}", out, source_line,
                        file.position(step.site.start).line);
    } else if (step.kind == StepKind::returned_by) {
      out = fmt::format("{}, returned by `{}`", out, step.subject);
    }
  }
  return out;
}

std::string source_clause(const Finding& finding, const SourceFile& file) {
  if (!named_collection(finding)) return {};
  const std::string from = origin(finding.verdict, file);
  if (from.empty()) return {};
  const auto& steps = finding.verdict.steps;
  // A parameter's source already says which lines it comes from.
  const bool lines_said = std::any_of(steps.begin(), steps.end(),
                                      [](const Step& step) { return step.kind == StepKind::fed_by_call; });
  if (lines_said) return fmt::format("; `{}` comes from {}", finding.collection_text, from);
  return fmt::format("; `{}` comes from {} at line {}", finding.collection_text, from,
                     file.position(steps.front().span.start).line);
}

std::vector<Related> related_from(const Verdict& verdict, const SourceFile& file) {
  std::vector<Related> out;
  for (const Step& step : verdict.steps) {
    std::string text = label(step, file);
    if (!text.empty()) out.push_back(Related{.span = step.span, .label = std::move(text)});
  }
  return out;
}

std::string sink_help(std::string_view method, std::string_view elements) {
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
