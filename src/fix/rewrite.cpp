// plan_rewrite: the gate of semantics.md (Rewrites) first, then the chosen
// style. Anything outside the gate is at most a display-only suggestion, so
// `--fix` only ever applies rewrites that keep behaviour apart from concurrency.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "fanout/fix.hpp"
#include "fanout/source_file.hpp"
#include "fix/parts.hpp"

namespace fanout {

namespace fixer {

std::string custom_specifier(const FixOptions& options, std::string_view file_path) {
  const std::string& spec = options.custom_import;
  const bool is_path = spec.starts_with("./") || spec.starts_with("../") || spec.starts_with("/") || spec == "." ||
                       spec == "..";
  if (!is_path) return spec;  // a package name is written as is
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = options.repo_root.empty() ? fs::current_path(ec) : fs::path(options.repo_root);
  const fs::path target = fs::weakly_canonical(fs::absolute(root / spec, ec), ec);
  const fs::path folder = fs::weakly_canonical(fs::absolute(fs::path(file_path), ec), ec).parent_path();
  std::string relative = target.lexically_relative(folder).generic_string();
  if (relative.empty()) return spec;
  if (!relative.starts_with("../") && relative != "..") relative = "./" + relative;
  return relative;
}

namespace {

// An example of the rewrite in the configured style, for the help line.
std::string example(const FixOptions& options) {
  switch (options.style) {
    case FixStyle::p_map:
      return fmt::format("`pMap(items, fn, {{ concurrency: {} }})`", std::max<std::uint32_t>(1, options.concurrency));
    case FixStyle::for_of:
      return "a `for...of` loop that awaits each call";
    case FixStyle::custom:
      if (!options.custom_callee.empty()) return fmt::format("`{}(items, fn)`", options.custom_callee);
      [[fallthrough]];
    case FixStyle::bluebird:
      break;
  }
  return "`Bluebird.mapSeries(items, fn)`";
}

// A suggestion only: the reporter adds that --fix does not apply it.
Fix display_only(const FixOptions& options, std::string_view reason) {
  return Fix{.title = fmt::format("{}; rewrite it by hand, e.g. with {}", reason, example(options)),
             .applicability = Applicability::display_only};
}

// The file's own binding of a library, or a free name and the import adding it.
std::string library_binding(const fixer::Modules& modules, std::string_view module, const std::string& base,
                            const std::set<std::string>& taken, const RewriteFacts::ImportStyle& style,
                            fixer::CallPlan& call) {
  if (auto bound = fixer::bound_name(modules, module)) return *bound;
  std::string name = fixer::free_name(base, taken);
  call.import = fixer::import_statement(modules, name, module, false, style);
  return name;
}

std::optional<Fix> plan(const Finding& finding, const Semantic& semantic, const FixOptions& options,
                        RewriteFacts& facts) {
  if (!finding.sink_call) return std::nullopt;
  const std::string_view text = semantic.file().text();
  const Node program = fixer::program_of(finding.sink_call);
  if (!facts.modules) {
    facts.modules = std::make_shared<const fixer::Modules>(fixer::read_modules(program, text, semantic.file().path()));
  }
  const fixer::Modules& modules = *facts.modules;
  const fixer::ShapeResult recognised = fixer::recognise(finding, semantic, modules);
  if (!recognised.shape) {
    if (recognised.reason.empty()) return std::nullopt;
    return display_only(options, recognised.reason);
  }
  const fixer::Shape& shape = *recognised.shape;
  if (!facts.layout) facts.layout = std::make_shared<const fixer::Layout>(fixer::detect_layout(text));
  const fixer::Layout& layout = *facts.layout;

  const bool chained = shape.consumer == fixer::Consumer::chain;
  if (options.style == FixStyle::for_of) {
    if (chained) return display_only(options, "the combined promise is chained with `.then`, which a loop cannot keep");
    fixer::LoopResult loop = fixer::loop_edits(shape, semantic, layout);
    if (loop.edits.empty()) return display_only(options, loop.reason);
    return Fix{.title = "await one call at a time in a `for...of` loop",
               .edits = std::move(loop.edits),
               .applicability = Applicability::safe};
  }

  if (!facts.import_style) facts.import_style = fixer::import_style(program, text);
  const RewriteFacts::ImportStyle& style = *facts.import_style;
  // Every name free_name may pick contains the wanted one: a text that does
  // not mention it has none of them in use, and needs no walk of its names.
  static const std::set<std::string> kNoNames;
  const auto taken_around = [&](std::string_view wanted) -> const std::set<std::string>& {
    if (text.find(wanted) == std::string_view::npos) return kNoNames;
    if (!facts.taken) facts.taken = fixer::names_in(program, text);
    return *facts.taken;
  };
  fixer::CallPlan call;
  switch (options.style) {
    case FixStyle::bluebird: {
      call.callee = library_binding(modules, "bluebird", "Bluebird", taken_around("Bluebird"), style, call) + ".mapSeries";
      call.title = fmt::format("run the calls one at a time with `{}`", call.callee);
      break;
    }
    case FixStyle::p_map: {
      call.callee = library_binding(modules, "p-map", "pMap", taken_around("pMap"), style, call);
      call.options = fmt::format("{{ concurrency: {} }}", std::max<std::uint32_t>(1, options.concurrency));
      call.title = fmt::format("bound the concurrency with `{}(..., {})`", call.callee, call.options);
      break;
    }
    case FixStyle::custom: {
      if (options.custom_callee.empty()) return display_only(options, "no custom callee is configured");
      const std::string& callee = options.custom_callee;
      const std::size_t dot = callee.find('.');
      const std::string import_name =
          options.custom_import_name.empty() ? callee.substr(0, dot) : options.custom_import_name;
      call.callee = callee;
      call.title = fmt::format("run the calls with `{}`", callee);
      if (!options.custom_import.empty()) {
        const std::string spec = fixer::custom_specifier(options, semantic.file().path());
        if (!fixer::imports_name_from(modules, import_name, spec)) {
          if (taken_around(import_name).contains(import_name)) {
            return display_only(options, fmt::format("`{}` already names something else in this file", import_name));
          }
          // `Utils.mapSeries` needs the module object; a bare `mapSeries` is a named export.
          call.import = fixer::import_statement(modules, import_name, spec, dot == std::string::npos, style);
        }
      }
      break;
    }
    case FixStyle::for_of:
      break;
  }
  if (chained) call.title += "; the combined promise is chained with `.then`, so review the code after it";
  return Fix{.title = call.title,
             .edits = fixer::call_edits(shape, text, layout, call, modules),
             .applicability = chained ? Applicability::unsafe : Applicability::safe};
}

}  // namespace
}  // namespace fixer

std::optional<Fix> plan_rewrite(const Finding& finding, const Semantic& semantic, const FixOptions& options,
                                RewriteFacts* facts) {
  // A rule never throws (style.md); neither does the fix planned for it.
  try {
    RewriteFacts own;
    return fixer::plan(finding, semantic, options, facts != nullptr ? *facts : own);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace fanout
