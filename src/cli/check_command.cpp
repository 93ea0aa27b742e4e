// `fanout check`: validates the flags, runs the driver, prints, and turns the
// findings into the exit status (cli.md).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/driver.hpp"
#include "cli/baseline.hpp"
#include "config/config.hpp"
#include "config/discovery.hpp"
#include "files/changes.hpp"
#include "fanout/report.hpp"
#include "fanout/rule.hpp"

namespace fanout::cli {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// Flags first; then FORCE_COLOR (Node's convention: it beats NO_COLOR, "0" and
// "false" turn colour off); then NO_COLOR; then whether stdout is a terminal.
bool use_color(const CheckArgs& args) {
  if (args.color) return true;
  if (args.no_color) return false;
  if (const char* force = std::getenv("FORCE_COLOR")) {
    const std::string_view value(force);
    return value != "0" && value != "false";
  }
  if (env("NO_COLOR")) return false;
  if (const char* term = env("TERM"); term && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) != 0;
}

// Notes about the run itself (unparsable, skipped) never decide the status.
bool from_rule(const Diagnostic& diagnostic) {
  return diagnostic.rule_id != kParseErrorId && diagnostic.rule_id != kSkippedFileId;
}

struct Tally {
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

Tally tally(const std::vector<FileResult>& files) {
  Tally counts;
  for (const FileResult& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      if (!from_rule(diagnostic)) continue;
      if (diagnostic.severity == Severity::error) ++counts.errors;
      if (diagnostic.severity == Severity::warn) ++counts.warnings;
    }
  }
  return counts;
}

void keep_errors_only(std::vector<FileResult>& files) {
  for (FileResult& file : files) {
    std::erase_if(file.diagnostics, [](const Diagnostic& d) { return d.severity != Severity::error; });
  }
}

// The command-line flags over one configuration (the defaults, or each
// file's effective configuration). Returns the error message.
std::optional<std::string> apply_flags(const CheckArgs& args, AnalysisOptions& options) {
  options.strict = options.strict || args.strict;
  options.prefilter = !args.no_prefilter;
  // Given, the flag wins over the configuration's reportUnusedDisableDirectives.
  if (!args.unused_directives.empty()) {
    const auto unused = parse_severity(args.unused_directives);
    if (!unused) {
      return fmt::format("--report-unused-disable-directives-severity `{}`: expected off, info, warn or error",
                         args.unused_directives);
    }
    options.unused_suppression_severity = *unused;
  }
  options.fix.apply_unsafe = args.fix_unsafe;
  if (!args.fix_style.empty()) {
    // CLI11 has checked the name against the same table (app.cpp).
    const auto style = value_named(kFixStyles, args.fix_style);
    if (!style) return fmt::format("unknown fix style `{}`; expected {}", args.fix_style, joined_names(kFixStyles, ", "));
    if (*style == FixStyle::custom && options.fix.custom_callee.empty()) {
      return "`--fix-style custom` needs `fix.callee` (and usually `fix.import`) in the configuration";
    }
    options.fix.style = *style;
  }
  for (const std::string& entry : args.rule_overrides) {
    const auto colon = entry.rfind(':');
    if (colon == std::string::npos) {
      return fmt::format("--rule `{}`: expected RULE:SEVERITY, e.g. unbounded-promise-all:warn", entry);
    }
    const std::string id = entry.substr(0, colon);
    if (!find_rule(id)) return fmt::format("--rule: unknown rule `{}`; known rules: {}", id, config::known_rule_ids());
    const auto severity = parse_severity(std::string_view(entry).substr(colon + 1));
    if (!severity) return fmt::format("--rule `{}`: unknown severity; expected off, info, warn or error", entry);
    options.severities[id] = *severity;
  }
  return std::nullopt;
}

// The flags over the defaults, to report a bad flag before anything runs
// (`--fix-style custom` may still find its callee in a configuration).
std::optional<AnalysisOptions> analysis_options(const CheckArgs& args) {
  AnalysisOptions options;
  options.fix.custom_callee = "-";
  if (auto error = apply_flags(args, options)) {
    print_error(*error);
    return std::nullopt;
  }
  options.fix.custom_callee.clear();
  return options;
}

// The configuration of each named path (a folder's as for a file in it):
// a bad configuration or flag fails the run even when no file is found.
std::optional<std::string> probe_configuration(config::ConfigResolver& resolver, const std::vector<std::string>& paths) {
  const std::vector<std::string> current = {"."};
  for (const std::string& path : paths.empty() ? current : paths) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;  // discovery reports it
    const bool folder = std::filesystem::is_directory(path, ec);
    config::FileConfig resolved;
    if (auto error = resolver.resolve(folder ? (std::filesystem::path(path) / "-").string() : path, resolved)) {
      return error;
    }
  }
  return std::nullopt;
}

// `--print-config FILE`: the effective configuration, flags included.
int print_config(config::ConfigResolver& resolver, const std::string& file) {
  config::FileConfig resolved;
  if (auto error = resolver.resolve(file, resolved)) {
    print_error(*error);
    return kExitError;
  }
  if (resolved.ignored) fmt::print(stderr, "fanout: {} is ignored by `ignorePatterns`\n", file);
  fmt::print("{}\n", config::options_to_json(*resolved.options).dump(2));
  return kExitClean;
}

// --changed-since: findings outside the changed lines are dropped before they
// are counted. Notes about the run (parse errors) stay, as they never fail it.
void keep_changed_lines(std::vector<FileResult>& files, const files::ChangeSet& changes) {
  for (FileResult& file : files) {
    const auto lines = changes.lines.find(file.file->path());
    if (lines == changes.lines.end()) continue;  // untracked: every line is new
    std::erase_if(file.diagnostics, [&](const Diagnostic& d) {
      return from_rule(d) && !lines->second.contains(file.file->position(d.span.start).line);
    });
  }
}

// "added require('bluebird') to 12 files; bluebird is not in package.json: npm install bluebird"
std::string undeclared_line(const UndeclaredImport& u, bool dry_run) {
  const AddedImport& a = u.import;
  const std::string what = u.all_require
                               ? fmt::format("require('{}')", a.package)
                               : fmt::format("an import of '{}'", a.package);
  std::string where = "any package.json";
  std::string install = fmt::format("npm install {}", a.install);
  if (!a.manifest.empty()) {
    std::error_code ec;
    const std::filesystem::path manifest(a.manifest);
    const std::filesystem::path folder =
        std::filesystem::relative(std::filesystem::absolute(manifest, ec).parent_path(), std::filesystem::current_path(ec), ec);
    const std::string relative = folder.generic_string();
    if (ec || relative.empty() || relative == ".") {
      where = "package.json";
    } else {
      where = relative + "/package.json";
      install += " --prefix " + relative;
    }
  }
  return fmt::format("{} {} to {} file{}; {} is not in {}: {}", dry_run ? "--fix would add" : "added", what, u.files,
                     u.files == 1 ? "" : "s", a.package, where, install);
}

void print_fix_summary(const CheckArgs& args, const CheckOutcome& outcome) {
  if (args.quiet) return;
  const auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  if (args.fix_dry_run) {
    if (outcome.fixes_applied == 0) {
      fmt::print(stderr, "fanout: nothing to fix\n");
    } else {
      fmt::print(stderr, "fanout: --fix would fix {} in {}\n", plural(outcome.fixes_applied, "problem"),
                 plural(outcome.files_fixed, "file"));
    }
  } else if (outcome.fixes_applied > 0) {
    fmt::print(stderr, "fanout: fixed {} in {}\n", plural(outcome.fixes_applied, "problem"),
               plural(outcome.files_fixed, "file"));
  }
  for (const UndeclaredImport& u : outcome.undeclared_imports) {
    fmt::print(stderr, "fanout: {}\n", undeclared_line(u, args.fix_dry_run));
  }
}

}  // namespace

int check_command(const CheckArgs& args) {
  const auto format = parse_format(args.format);
  if (!format) {
    print_error(fmt::format("unknown format `{}`; expected text, stylish, compact, json, sarif or github", args.format));
    return kExitError;
  }
  auto options = analysis_options(args);
  if (!options) return kExitError;
  // Each file's configuration: the nearest one, or --config for all.
  config::ConfigResolver resolver(args.config, [&args](AnalysisOptions& o) { return apply_flags(args, o); });
  resolver.allow_extends_from(args.allow_extends);
  if (!args.print_config.empty()) return print_config(resolver, args.print_config);
  if (auto error = probe_configuration(resolver, args.paths)) {
    print_error(*error);
    return kExitError;
  }

  CheckRequest request{
      .paths = args.paths,
      .analysis = std::move(*options),
      .jobs = args.jobs != 0 ? args.jobs : std::max(1U, std::thread::hardware_concurrency()),
      .fix = args.fix_dry_run ? FixMode::dry_run : args.fix ? FixMode::apply : FixMode::none,
      .progress = isatty(STDERR_FILENO) != 0 && std::getenv("CI") == nullptr,
  };
  if (args.cache) request.cache_location = args.cache_location;
  request.configure = [&resolver](const SourcePath& source, FileOptions& file) -> std::optional<std::string> {
    config::FileConfig resolved;
    if (auto error = resolver.resolve(source.path, resolved)) return error;
    file = FileOptions{.options = std::move(resolved.options), .ignored = resolved.ignored};
    return std::nullopt;
  };
  std::optional<files::ChangeSet> changes;
  if (args.staged || !args.changed_since.empty()) {
    if (args.fix_dry_run) {
      print_error(fmt::format("--fix-dry-run cannot be combined with {}", args.staged ? "--staged" : "--changed-since"));
      return kExitError;
    }
    changes = args.staged ? files::staged_changes(args.paths) : files::changes_since(args.changed_since, args.paths);
    if (!changes->error.empty()) {
      print_error(changes->error);
      return kExitError;
    }
    // Nothing staged or changed is a clean run (a hook on a commit without JS/TS).
    request.files = changes->files;
  }
  CheckOutcome outcome = run_check(request);
  if (outcome.aborted) {
    for (const std::string& error : outcome.errors) print_error(error);
    return kExitError;
  }
  // The baseline counts whole files, before any line filter.
  if (auto error = run_baseline(BaselineRequest{.location = args.suppressions_location,
                                                .suppress_all = args.suppress_all,
                                                .prune = args.prune_suppressions},
                                outcome.files)) {
    print_error(*error);
    return kExitError;
  }
  if (changes && !changes->whole_files) keep_changed_lines(outcome.files, *changes);
  bool failed = !outcome.errors.empty();
  for (const std::string& error : outcome.errors) print_error(error);

  const Tally counts = tally(outcome.files);
  if (args.quiet) keep_errors_only(outcome.files);

  if (!args.output_file.empty()) {
    std::ofstream file(args.output_file, std::ios::binary | std::ios::trunc);
    if (file) render(*format, outcome.files, outcome.summary, ReportOptions{.color = false}, file);
    file.flush();
    if (!file) {
      print_error(fmt::format("{}: cannot write the report: {}", args.output_file, std::strerror(errno)));
      failed = true;
    }
  }
  // The dry run's stdout is a patch (`| git apply`); with -o the terminal keeps text.
  if (args.fix_dry_run) {
    std::cout << outcome.diff;
  } else {
    const Format terminal = args.output_file.empty() ? *format : Format::text;
    render(terminal, outcome.files, outcome.summary, ReportOptions{.color = use_color(args)}, std::cout);
  }
  std::cout.flush();
  if (request.fix != FixMode::none) print_fix_summary(args, outcome);

  const bool too_many_warnings =
      args.max_warnings >= 0 && counts.warnings > static_cast<std::size_t>(args.max_warnings);
  if (too_many_warnings) {
    fmt::print(stderr, "fanout: {} warnings, more than --max-warnings {}\n", counts.warnings, args.max_warnings);
  }
  if (failed) return kExitError;
  if (!args.exit_zero && (counts.errors > 0 || too_many_warnings)) return kExitFindings;
  return kExitClean;
}

}  // namespace fanout::cli
