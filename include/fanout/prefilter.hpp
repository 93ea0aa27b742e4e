// The pre-filter's named predicates: a file is parsed only when some rule's
// predicate says it may hold what the rule reports. Every predicate may
// answer "maybe" too often, never "no" for a file the rule would report in
// (soundness: the findings with and without `--no-prefilter` are identical).
// A rule names its needles and one of these; the scans they are built from
// are the engine's (src/walk/scan.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanout::prefilter {

/// A file's text that remembers which needles it contains: the analyzer
/// asks for every rule's needles, the rules' own scans ask again (is
/// `bluebird` there at all?), and each needle is searched for once per file.
class Text {
 public:
  // Implicit: every scan below also takes a plain string.
  Text(std::string_view text) : text_(text) {}         // NOLINT(google-explicit-constructor)
  Text(const std::string& text) : text_(text) {}       // NOLINT(google-explicit-constructor)
  Text(const char* text) : text_(text) {}              // NOLINT(google-explicit-constructor)
  std::string_view view() const { return text_; }
  /// Does the text contain `needle` anywhere (comments and strings included)?
  bool contains(std::string_view needle) const;

 private:
  std::string_view text_;
  mutable std::vector<std::pair<std::string, bool>> answers_;
};

/// May the text load `module` (`require('m')`, `import('m')`, `from 'm'`,
/// `'node:m'`)? The module name may be followed by one of `continuations`
/// (`"/"` takes `m/sub`). The semantic layer knows libraries only through such
/// strings (modules.cpp).
bool may_load_module(const Text& text, std::string_view module, std::string_view continuations = "");
/// Where the module name starts in each place may_load_module() accepts, in
/// order: where a binding to the module may be made.
std::vector<std::size_t> module_string_offsets(const Text& text, std::string_view module,
                                               std::string_view continuations = "");

/// May the text call `Promise.all|allSettled|any|race` on the global
/// `Promise` or on bluebird (semantics.md: Sinks, first row)?
bool may_call_combinator(const Text& text);

/// May the text load a module that has a library sink in the catalog
/// (fanout/sinks.hpp: bluebird, p-map, p-all, async, ...)? Sinks are known
/// only through the modules that define them.
bool may_load_sink_library(const Text& text);

/// May the text pass an async callback to `.forEach|map|flatMap(...)`:
/// inline with the `async` keyword, or a name bound to a function declared
/// `async` in the text (async-foreach)?
bool may_start_async_callbacks(const Text& text);

}  // namespace fanout::prefilter
