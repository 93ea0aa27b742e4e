#include "fix/advice.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fix/parts.hpp"

namespace fanout::fixer {

namespace {

std::string limit(const FixOptions& options) {
  return fmt::format("{}", std::max<std::uint32_t>(1, options.concurrency));
}

// An example of the rewrite for `Promise.all`, in the configured style.
std::string example(const Advice& advice) {
  const FixOptions& options = advice.options;
  switch (options.style) {
    case FixStyle::p_map:
      return fmt::format("`pMap(items, fn, {{ concurrency: {} }})`", limit(options));
    case FixStyle::for_of:
      return "a `for...of` loop that awaits each call";
    case FixStyle::custom:
      if (!options.custom_callee.empty()) return fmt::format("`{}(items, fn)`", options.custom_callee);
      break;
    case FixStyle::bluebird:
      return "`Bluebird.mapSeries(items, fn)`";
    case FixStyle::automatic:
      break;
  }
  if (bound_module(advice.modules, "bluebird") != nullptr) return "`Bluebird.mapSeries(items, fn)`";
  return fmt::format("a `for...of` loop that awaits each call, or `pMap(items, fn, {{ concurrency: {} }})`",
                     limit(options));
}

}  // namespace

Fix suggestion(const Advice& advice, std::string_view reason) {
  const std::string& method = advice.method;
  std::string title;
  if (method == "allSettled") {
    title = fmt::format("`{}` keeps every outcome, so it has no drop-in series form: limit the work per element "
                        "(`limit(() => work(item))`), or collect each outcome in a `for...of` loop with `try`/`catch`",
                        advice.sink);
  } else if (method == "any" || method == "race") {
    title = fmt::format("`{}` settles with the first promise to {}, and one at a time would change which one: limit "
                        "how many start at once (`limit(() => work(item))`) instead",
                        advice.sink, method == "any" ? "fulfil" : "settle");
  } else if (reason.find("; not rewritten: ") != std::string_view::npos) {
    title = std::string(reason);  // the reason brings its own advice
  } else {
    title = fmt::format("{}; rewrite it by hand, e.g. with {}", reason, example(advice));
  }
  return Fix{.title = std::move(title), .applicability = Applicability::display_only};
}

}  // namespace fanout::fixer
