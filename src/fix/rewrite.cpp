// plan_rewrite: the gate of semantics.md (When a rewrite is safe) first, then
// the chosen style, or with `auto` the first style that fits the file and its
// project. Anything outside the gate is at most a display-only suggestion, so
// `--fix` only ever applies rewrites that keep behaviour apart from concurrency.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "fanout/fix.hpp"
#include "fanout/source_file.hpp"
#include "fix/advice.hpp"
#include "fix/parts.hpp"
#include "fix/project.hpp"

namespace fanout {

namespace fixer {

namespace {

namespace fs = std::filesystem;

bool is_path_specifier(std::string_view spec) {
  return spec.starts_with("./") || spec.starts_with("../") || spec.starts_with("/") || spec == "." || spec == "..";
}

// The package a specifier names: `@scope/name` or `name`, without a subpath.
std::string package_of(std::string_view spec) {
  std::size_t slash = spec.find('/');
  if (spec.starts_with("@") && slash != std::string_view::npos) slash = spec.find('/', slash + 1);
  return std::string(spec.substr(0, slash));
}

}  // namespace

std::string custom_specifier(const FixOptions& options, std::string_view file_path) {
  const std::string& spec = options.custom_import;
  if (!is_path_specifier(spec)) return spec;  // a package name is written as is
  std::error_code ec;
  const fs::path root = options.repo_root.empty() ? fs::current_path(ec) : fs::path(options.repo_root);
  const fs::path target = fs::weakly_canonical(fs::absolute(root / spec, ec), ec);
  const fs::path folder = fs::weakly_canonical(fs::absolute(fs::path(file_path), ec), ec).parent_path();
  std::string relative = target.lexically_relative(folder).generic_string();
  if (relative.empty()) return spec;
  if (!relative.starts_with("../") && relative != "..") relative = "./" + relative;
  return relative;
}

std::string custom_target(const FixOptions& options) {
  if (!is_path_specifier(options.custom_import)) return {};
  std::error_code ec;
  const fs::path root = options.repo_root.empty() ? fs::current_path(ec) : fs::path(options.repo_root);
  const fs::path target = fs::absolute(root / options.custom_import, ec).lexically_normal();
  if (fs::is_regular_file(target, ec)) return target.string();
  for (const char* ext : {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"}) {
    if (fs::is_regular_file(fs::path(target.string() + ext), ec)) return target.string() + ext;
  }
  for (const char* index : {"index.js", "index.mjs", "index.cjs", "index.ts"}) {
    if (fs::is_regular_file(target / index, ec)) return (target / index).string();
  }
  return {};
}

std::string with_extension_habit(const std::string& specifier, const Modules& modules, const FixOptions& options) {
  if (!is_path_specifier(specifier) || !modules.esm) return specifier;
  const std::size_t slash = specifier.rfind('/');
  const std::size_t dot = specifier.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1) && specifier != "." &&
      specifier != "..") {
    return specifier;  // written with an extension already
  }
  // Node's ES modules need the extension; so does a file whose own relative
  // specifiers carry one. A bundled file whose specifiers carry none keeps the habit.
  const bool node_esm = !modules.typescript && modules.esm_format;
  if (modules.specifier_extension.empty() && !(node_esm && !modules.relative_imports)) return specifier;
  // The extension of the file the specifier names, as the importer's habit writes it.
  const std::string target = custom_target(options);
  std::string found;
  if (!target.empty() && fs::path(target).stem() != "index") found = fs::path(target).extension().string();
  std::string ext = found.empty() ? (modules.specifier_extension.empty() ? ".js" : modules.specifier_extension) : found;
  // TypeScript imports name the emitted file (`./x.js` for x.ts) unless the file writes `.ts` itself.
  const bool writes_ts = modules.specifier_extension == ".ts" || modules.specifier_extension == ".mts" ||
                         modules.specifier_extension == ".cts";
  if (!writes_ts) {
    if (ext == ".ts" || ext == ".tsx" || ext == ".jsx") ext = ".js";
    if (ext == ".mts") ext = ".mjs";
    if (ext == ".cts") ext = ".cjs";
  }
  return specifier + ext;
}

namespace {

// One style's answer: a fix, or why it does not fit.
struct Attempt {
  std::optional<Fix> fix;
  std::string refusal;
};

Attempt refused(std::string reason) { return Attempt{.refusal = std::move(reason)}; }

struct Planner {
  const Finding& finding;
  const Semantic& semantic;
  const FixOptions& options;
  RewriteFacts& facts;
  const Modules& modules;
  const Shape& shape;
  const Mutation& mutation;
  Layout layout;
  std::string_view text;

  const RewriteFacts::ImportStyle& style() const {
    if (!facts.import_style) facts.import_style = import_style(modules.program, text);
    return *facts.import_style;
  }

  // Every name free_name may pick contains the wanted one: a text that does
  // not mention it has none of them in use, and needs no walk of its names.
  const std::set<std::string>& taken_around(std::string_view wanted) const {
    static const std::set<std::string> kNoNames;
    if (text.find(wanted) == std::string_view::npos) return kNoNames;
    if (!facts.taken) facts.taken = names_in(modules.program, text);
    return *facts.taken;
  }

  // The file's own binding of `module` when it means the module at the site.
  const Modules::Bound* reusable(std::string_view module) const {
    const Modules::Bound* bound = bound_module(modules, module);
    if (bound == nullptr) return nullptr;
    if (shadowed_at(modules, bound->name, shape.sink_call, bound->declaration)) return nullptr;
    return bound;
  }

  AddedImport added(std::string package, std::string statement, std::string install) const {
    const bool local = is_path_specifier(package);
    const std::string name = local ? package : package_of(package);
    return AddedImport{.package = name,
                       .statement = std::move(statement),
                       .manifest = modules.project.package.path,
                       .declared = local || declared_range(modules.project, name) != nullptr,
                       .install = std::move(install)};
  }

  // A `return` of the combined promise inside a `try` with a `catch`: the
  // original catches a callback's synchronous throw, a library call turns it
  // into a rejection that escapes. Async callbacks never throw synchronously.
  std::string sync_throw_reason() const {
    if (shape.consumer != Consumer::return_) return {};
    if (semantic.is_async_function(shape.function)) return {};
    const std::vector<Node> chain = shape.sink_call.ancestors();
    Node inner = shape.sink_call;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if (is_function_like(*it)) break;
      if (it->type() == "try_statement" && it->field(Field::body) == inner) {
        for (std::uint32_t i = 0; i < it->named_count(); ++i) {
          if (it->named(i).is(Kind::catch_clause)) {
            return "the callback is not async, so a synchronous throw that this `try` catches today would become a "
                   "rejection it does not see";
          }
        }
      }
      inner = *it;
    }
    return {};
  }

  Attempt call_style(CallPlan call, std::optional<AddedImport> import) const {
    if (std::string why = sync_throw_reason(); !why.empty()) return refused(why);
    const Typing typing = element_type_edits(shape, modules);
    if (!typing.refusal.empty()) return refused(typing.refusal);
    call.typing = typing.edits;
    call.snapshot = mutation.appends;
    const bool chained = shape.consumer == Consumer::chain;
    if (chained) call.title += "; the combined promise is chained with `.then`, so review the code after it";
    Fix fix{.title = call.title,
            .edits = call_edits(shape, text, layout, call, modules),
            .applicability = chained ? Applicability::unsafe : Applicability::safe};
    if (call.import && import) fix.added_import = std::move(import);
    return Attempt{.fix = std::move(fix)};
  }

  Attempt bluebird() const {
    CallPlan call;
    std::optional<AddedImport> import;
    if (const Modules::Bound* bound = reusable("bluebird")) {
      call.callee = bound->name + ".mapSeries";
    } else {
      const std::string name = free_name("Bluebird", taken_around("Bluebird"));
      const ImportPlan plan =
          plan_import(modules, name, ImportRequest{.module = "bluebird", .namespace_ok = true}, style());
      if (!plan.refusal.empty()) return refused(plan.refusal);
      call.callee = name + ".mapSeries";
      call.import = plan.statement;
      std::string install = "bluebird";
      if (modules.typescript && declared_range(modules.project, "@types/bluebird") == nullptr) {
        install += " @types/bluebird";
      }
      import = added("bluebird", plan.statement, install);
    }
    call.title = fmt::format("run the calls one at a time with `{}`", call.callee);
    return call_style(std::move(call), std::move(import));
  }

  // Can this file load p-map as the nearest package.json declares it? Sets
  // whether that p-map is an ES module (5.0 and later).
  std::string p_map_version(bool& es_module, std::string& install) const {
    const bool loads_with_require = modules.typescript ? modules.ts.emits_commonjs : !modules.esm;
    const std::string* range = declared_range(modules.project, "p-map");
    if (range == nullptr) {
      // Not declared: the summary says so. An installed copy (hoisted, say)
      // decides the import form; otherwise the version to install is one this file can load.
      const auto installed = modules.project.package.installed.find("p-map");
      if (installed != modules.project.package.installed.end()) {
        const std::optional<int> major = highest_major(installed->second);
        es_module = !major || *major >= 5;
        install = loads_with_require ? "p-map@4" : "p-map";
        if (es_module && loads_with_require) {
          return fmt::format("the p-map installed here ({}) is an ES module (5.0 and later) that this CommonJS file "
                             "cannot require; p-map 4 can be",
                             installed->second);
        }
        return {};
      }
      es_module = !loads_with_require;
      install = loads_with_require ? "p-map@4" : "p-map";
      return {};
    }
    const std::optional<int> major = highest_major(*range);
    es_module = !major || *major >= 5;
    install = "p-map";
    if (es_module && loads_with_require) {
      return fmt::format("package.json declares p-map `{}`, an ES module (5.0 and later) that this CommonJS file "
                         "cannot require; p-map 4 can be",
                         *range);
    }
    return {};
  }

  Attempt p_map() const {
    bool es_module = false;
    std::string install;
    if (std::string why = p_map_version(es_module, install); !why.empty()) return refused(why);
    CallPlan call;
    std::optional<AddedImport> import;
    const Modules::Bound* bound = reusable("p-map");
    if (bound != nullptr && !bound->namespace_import) {
      call.callee = bound->name;
    } else {
      const std::string name = free_name("pMap", taken_around("pMap"));
      const ImportPlan plan = plan_import(
          modules, name,
          ImportRequest{.module = "p-map", .es_default_export = es_module, .es_module_only = es_module}, style());
      if (!plan.refusal.empty()) return refused(plan.refusal);
      call.callee = name;
      call.import = plan.statement;
      import = added("p-map", plan.statement, install);
    }
    call.options = fmt::format("{{ concurrency: {} }}", std::max<std::uint32_t>(1, options.concurrency));
    call.title = fmt::format("bound the concurrency with `{}(..., {})`", call.callee, call.options);
    return call_style(std::move(call), std::move(import));
  }

  Attempt custom() const {
    if (options.custom_callee.empty()) return refused("no custom callee is configured");
    const std::string& callee = options.custom_callee;
    const std::size_t dot = callee.find('.');
    const std::string root = callee.substr(0, dot);
    const std::string import_name =
        options.custom_import_name.empty() ? root : options.custom_import_name;
    CallPlan call{.callee = callee, .title = fmt::format("run the calls with `{}`", callee)};
    std::optional<AddedImport> import;
    if (!options.custom_import.empty()) {
      // A CommonJS file cannot `require` the team's helper when it is an ES module.
      const std::string target = custom_target(options);
      if (!target.empty() && !modules.typescript && !modules.esm) {
        const bool esm = target.ends_with(".mjs") ||
                         (target.ends_with(".js") && read_project_facts(target, false).package.type == "module");
        if (esm) {
          return refused(fmt::format("`{}` is an ES module, which `require` cannot load in this CommonJS file",
                                     options.custom_import));
        }
      }
      const std::string spec = with_extension_habit(custom_specifier(options, semantic.file().path()), modules, options);
      if (!imports_name_from(modules, import_name, spec) && !imports_name_from(modules, import_name, options.custom_import)) {
        if (taken_around(import_name).contains(import_name)) {
          return refused(fmt::format("`{}` already names something else in this file", import_name));
        }
        // `Utils.mapSeries` needs the module object; a bare `mapSeries` is a named export.
        const ImportPlan plan = plan_import(
            modules, import_name,
            ImportRequest{.module = spec, .named = dot == std::string::npos, .es_default_export = true}, style());
        if (!plan.refusal.empty()) return refused(plan.refusal);
        call.import = plan.statement;
        import = added(is_path_specifier(spec) ? spec : package_of(spec), plan.statement, package_of(spec));
      }
    }
    if (shadowed_at(modules, root, shape.sink_call, {})) {
      // The callee's first name is declared between the site and the top level.
      bool own = false;
      for (const Declaration& d : declarations_covering(modules, root, shape.sink_call)) {
        if (d.scope.is(Kind::program)) own = true;
      }
      if (own || call.import) return refused(fmt::format("a local `{}` hides the one `{}` needs here", root, callee));
    }
    return call_style(std::move(call), std::move(import));
  }

  Attempt for_of() const {
    if (shape.consumer == Consumer::chain) {
      return refused("the combined promise is chained with `.then`, which a loop cannot keep");
    }
    LoopResult loop = loop_edits(shape, semantic, layout, LoopContext{.modules = modules, .snapshot = mutation.appends});
    if (loop.edits.empty()) return refused(loop.reason);
    return Attempt{.fix = Fix{.title = "await one call at a time in a `for...of` loop",
                              .edits = std::move(loop.edits),
                              .applicability = Applicability::safe}};
  }

  Attempt run(FixStyle style) const {
    switch (style) {
      case FixStyle::bluebird:
        return bluebird();
      case FixStyle::p_map:
        return p_map();
      case FixStyle::custom:
        return custom();
      case FixStyle::for_of:
        return for_of();
      case FixStyle::automatic:
        break;
    }
    return automatic();
  }

  // semantics.md, Rewrites: bluebird where the file binds it already; p-map
  // where the nearest package.json declares a version this file can load;
  // otherwise for-of. A style that does not fit here gives way to the next.
  Attempt automatic() const {
    std::vector<std::string> reasons;
    if (bound_module(modules, "bluebird") != nullptr) {
      Attempt a = bluebird();
      if (a.fix) return a;
      reasons.push_back(a.refusal);
    }
    if (declared_range(modules.project, "p-map") != nullptr) {
      Attempt a = p_map();
      if (a.fix) return a;
      reasons.push_back(a.refusal);
    }
    Attempt a = for_of();
    if (a.fix) return a;
    reasons.push_back(a.refusal);
    return refused(reasons.back());
  }
};

std::optional<Fix> plan(const Finding& finding, const Semantic& semantic, const FixOptions& options,
                        RewriteFacts& facts) {
  if (!finding.sink_call) return std::nullopt;
  const std::string_view text = semantic.file().text();
  const Node program = program_of(finding.sink_call);
  if (!facts.modules) {
    facts.modules = std::make_shared<const Modules>(read_modules(program, text, semantic.file().path(), options));
  }
  const Modules& modules = *facts.modules;
  const ShapeResult recognised = recognise(finding, semantic, modules);
  const Advice advice{.sink = recognised.sink.empty() ? finding.sink : recognised.sink,
                      .method = recognised.method,
                      .options = options,
                      .modules = modules};
  if (!recognised.shape) {
    if (recognised.reason.empty()) return std::nullopt;
    return suggestion(advice, recognised.reason);
  }
  const Shape& shape = *recognised.shape;
  if (std::string why = receiver_reason(shape, semantic, modules); !why.empty()) return suggestion(advice, why);
  const Mutation mutation = collection_mutation(shape, semantic);
  if (!mutation.reason.empty()) return suggestion(advice, mutation.reason);
  if (std::string why = element_reason(shape, semantic, modules); !why.empty()) return suggestion(advice, why);

  const Planner planner{.finding = finding,
                        .semantic = semantic,
                        .options = options,
                        .facts = facts,
                        .modules = modules,
                        .shape = shape,
                        .mutation = mutation,
                        .layout = modules.layout,
                        .text = text};
  Attempt attempt = planner.run(options.style);
  if (attempt.fix) return std::move(attempt.fix);
  // The chosen library style does not fit this file; say which style would.
  const bool library_style = options.style == FixStyle::bluebird || options.style == FixStyle::p_map ||
                             options.style == FixStyle::custom;
  if (library_style && planner.for_of().fix && attempt.refusal.find("; not rewritten: ") == std::string::npos) {
    attempt.refusal += "; not rewritten: `--fix-style for-of` would rewrite it as a `for...of` loop";
  }
  return suggestion(advice, attempt.refusal);
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
