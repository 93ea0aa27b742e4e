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
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/driver.hpp"
#include "cli/baseline.hpp"
#include "cli/stdin_input.hpp"
#include "config/config.hpp"
#include "config/discovery.hpp"
#include "config/glob.hpp"
#include "files/changes.hpp"
#include "files/git.hpp"
#include "fanout/files.hpp"
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
  if (args.no_color || args.color == "never") return false;
  if (args.color == "always") return true;
  if (const char* force = std::getenv("FORCE_COLOR")) {
    const std::string_view value(force);
    return value != "0" && value != "false";
  }
  if (env("NO_COLOR")) return false;
  if (const char* term = env("TERM"); term && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) != 0;
}

// Notes about the run itself (unparsable, skipped) stay out of --changed-since's line filter.
bool from_rule(const Diagnostic& diagnostic) {
  return diagnostic.rule_id != kParseErrorId && diagnostic.rule_id != kSkippedFileId;
}

struct Tally {
  std::size_t errors = 0;
  std::size_t below_error = 0;  ///< warnings and infos: what stylish and JSON call warnings
};

// Every reported diagnostic counts at its severity, in the one way every
// format shows it: errors fail the run; the rest count toward --max-warnings.
// A parse error is `info` unless raised, so by default it changes nothing.
Tally tally(const std::vector<FileResult>& files) {
  Tally counts;
  for (const FileResult& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      ++(diagnostic.severity == Severity::error ? counts.errors : counts.below_error);
    }
  }
  return counts;
}

void keep_errors_only(std::vector<FileResult>& files) {
  for (FileResult& file : files) {
    std::erase_if(file.diagnostics, [](const Diagnostic& d) { return d.severity != Severity::error; });
    std::erase_if(file.suppressed, [](const Suppressed& s) { return s.diagnostic.severity != Severity::error; });
  }
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The command-line flags over one configuration (the defaults, or each
// file's effective configuration). Returns the error message.
std::optional<std::string> apply_flags(const CheckArgs& args, AnalysisOptions& options) {
  options.strict = options.strict || args.strict;
  options.prefilter = !args.no_prefilter;
  if (args.no_inline_config) options.inline_config = false;
  if (args.report_unused_directives) options.unused_suppression_severity = Severity::error;
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
    if (!config::configurable_id(id)) {
      return fmt::format("--rule: unknown rule `{}`; known rules: {}", id, config::known_rule_ids());
    }
    const auto severity = parse_severity(std::string_view(entry).substr(colon + 1));
    if (!severity) {
      return fmt::format("--rule `{}`: unknown severity; expected off, info, warn (warning) or error, or 0, 1, 2",
                         entry);
    }
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

// `--print-config FILE`: the effective configuration, flags included, on
// stdout; where it came from on stderr, so stdout stays a configuration.
int print_config(const CheckArgs& args, config::ConfigResolver& resolver, const std::string& file) {
  config::FileConfig resolved;
  if (auto error = resolver.resolve(file, resolved)) {
    print_error(*error);
    return kExitError;
  }
  if (resolved.sources.empty()) {
    fmt::print(stderr, "fanout: {}: no configuration file applies; defaults and flags\n", file);
  } else {
    std::string chain;
    for (const std::string& source : resolved.sources) {
      const std::string shown = display_path(std::filesystem::path(source).lexically_normal().string());
      chain += fmt::format("{}{}", chain.empty() ? "" : ", then ", shown);
    }
    fmt::print(stderr, "fanout: {}: configuration from {}\n", file, chain);
  }
  if (resolved.ignored) fmt::print(stderr, "fanout: {} is ignored by `ignorePatterns`\n", file);
  auto json = config::options_to_json(*resolved.options);
  const std::string_view format =
      args.format ? format_name(*args.format) : resolved.format ? std::string_view(*resolved.format) : "text";
  json["format"] = format;
  fmt::print("{}\n", json.dump(2));
  return kExitClean;
}

// --ignore-pattern (relative to the working directory) and --ignore-path
// (relative to the file's folder), in gitignore syntax as ignorePatterns.
std::optional<std::string> extra_ignores(const CheckArgs& args, config::ConfigResolver& resolver) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string cwd = fs::current_path(ec).lexically_normal().string();
  std::vector<config::IgnorePattern> patterns;
  if (!args.ignore_path.empty()) {
    std::ifstream in(args.ignore_path, std::ios::binary);
    if (!in || fs::is_directory(args.ignore_path, ec)) {
      return fmt::format("--ignore-path {}: cannot read it: {}", args.ignore_path,
                         fs::is_directory(args.ignore_path, ec) ? "is a folder" : std::strerror(errno));
    }
    const std::string folder = fs::absolute(args.ignore_path, ec).parent_path().lexically_normal().string();
    for (std::string line; std::getline(in, line);) {
      config::IgnorePattern pattern;
      if (config::parse_ignore_pattern(line, folder, pattern)) patterns.push_back(std::move(pattern));
    }
  }
  for (const std::string& line : args.ignore_patterns) {
    config::IgnorePattern pattern;
    if (config::parse_ignore_pattern(line, cwd, pattern)) patterns.push_back(std::move(pattern));
  }
  resolver.add_ignores(std::move(patterns));
  return std::nullopt;
}

// The format of the run: the flag, else the `format` of the configuration
// that applies in the working directory (or --config's), else text.
std::optional<Format> run_format(const CheckArgs& args, config::ConfigResolver& resolver) {
  if (args.format) return args.format;
  config::FileConfig here;
  if (auto error = resolver.resolve((std::filesystem::path(".") / "-").string(), here)) {
    print_error(*error);
    return std::nullopt;
  }
  return here.format ? parse_format(*here.format) : Format::text;
}

// A shallow clone lacks the history --changed-since needs: say how to fetch it.
std::string shallow_hint() {
  const auto shallow = files::run_git({"rev-parse", "--is-shallow-repository"});
  if (!shallow || !shallow->starts_with("true")) return {};
  return "; this is a shallow clone, so REF or the merge base may not have been fetched: deepen it with "
         "`git fetch --unshallow` (GitHub's actions/checkout: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)";
}

// Writes the report to stdout, and tells whether it all arrived: a full disk
// or a closed pipe must not pass for a clean run. The report is written in
// one place with write(2), so the error names its real cause.
std::optional<std::string> write_stdout(std::string_view text) {
  std::cout.flush();
  std::fflush(stdout);
  while (!text.empty()) {
    const ssize_t written = ::write(STDOUT_FILENO, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      return fmt::format("cannot write the report to stdout: {}",
                         written < 0 ? std::strerror(errno) : "nothing written");
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return std::nullopt;
}

// --changed-since: findings outside the changed lines are dropped before they
// are counted, and so are suppressed ones. Notes about the run (parse errors)
// stay: they are about the file, not a line.
void keep_changed_lines(std::vector<FileResult>& files, const files::ChangeSet& changes) {
  for (FileResult& file : files) {
    const auto lines = changes.lines.find(file.file->path());
    if (lines == changes.lines.end()) continue;  // untracked: every line is new
    const auto changed = [&](const Diagnostic& d) {
      return lines->second.contains(file.file->position(d.span.start).line);
    };
    std::erase_if(file.diagnostics, [&](const Diagnostic& d) { return from_rule(d) && !changed(d); });
    std::erase_if(file.suppressed, [&](const Suppressed& s) { return !changed(s.diagnostic); });
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

// SARIF, `github` and `gitlab` paths are relative to the repository root:
// the work tree's top level (the nearest folder with a `.git` entry), else
// the working directory.
std::string report_root() {
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).lexically_normal().string();
  if (ec) return {};
  const std::string root = config::repository_root(cwd);
  return root.empty() ? cwd : root;
}

}  // namespace

int check_command(const CheckArgs& args) {
  auto options = analysis_options(args);
  if (!options) return kExitError;
  // Each file's configuration: the nearest one, or --config for all.
  config::ConfigResolver resolver(args.config, [&args](AnalysisOptions& o) { return apply_flags(args, o); });
  resolver.allow_extends_from(args.allow_extends);
  if (args.no_config_lookup) resolver.disable_lookup();
  if (args.no_ignore) resolver.disable_ignores();
  if (auto error = extra_ignores(args, resolver)) {
    print_error(*error);
    return kExitError;
  }
  if (!args.print_config.empty()) return print_config(args, resolver, args.print_config);
  const std::optional<Format> format = run_format(args, resolver);
  if (!format) return kExitError;
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
  if (args.stdin_input) {
    if (auto error = read_stdin_request(args, request)) {
      print_error(*error);
      return kExitError;
    }
  }
  std::optional<files::ChangeSet> changes;
  if (args.staged || !args.changed_since.empty()) {
    if (args.fix_dry_run) {
      print_error(fmt::format("--fix-dry-run cannot be combined with {}", args.staged ? "--staged" : "--changed-since"));
      return kExitError;
    }
    changes = args.staged ? files::staged_changes(args.paths) : files::changes_since(args.changed_since, args.paths);
    if (!changes->error.empty()) {
      print_error(args.staged ? changes->error : changes->error + shallow_hint());
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
  outcome.summary.errors = outcome.errors;
  ReportOptions report{.color = false, .repository_root = report_root()};

  const Tally counts = tally(outcome.files);
  if (args.quiet) keep_errors_only(outcome.files);

  if (!args.output_file.empty()) {
    std::ofstream file(args.output_file, std::ios::binary | std::ios::trunc);
    if (file) render(*format, outcome.files, outcome.summary, report, file);
    file.flush();
    if (!file) {
      std::string error = fmt::format("{}: cannot write the report: {}", args.output_file, std::strerror(errno));
      print_error(error);
      outcome.summary.errors.push_back(std::move(error));  // the terminal's summary says so too
      failed = true;
    }
  }
  // --fix --stdin: stdout is the fixed text, the report goes to stderr; JSON
  // carries the text as ESLint's `output` instead.
  const bool text_on_stdout = request.fix == FixMode::output && !(*format == Format::json && args.output_file.empty());
  if (request.fix == FixMode::output && outcome.fixed_text && *outcome.fixed_text != *request.text) {
    for (FileResult& file : outcome.files) file.output = outcome.fixed_text;
  }
  // The dry run's stdout is a patch (`| git apply`); with -o the terminal keeps text.
  std::ostringstream out;
  if (args.fix_dry_run) {
    out << outcome.diff;
  } else {
    const Format terminal = args.output_file.empty() ? *format : Format::text;
    report.color = !text_on_stdout && use_color(args);
    render(terminal, outcome.files, outcome.summary, report, text_on_stdout ? static_cast<std::ostream&>(std::cerr) : out);
  }
  if (text_on_stdout) out << outcome.fixed_text.value_or(*request.text);
  // A lost report is an I/O error, whatever --exit-zero says.
  if (auto error = write_stdout(out.view())) {
    print_error(*error);
    failed = true;
  }
  if (request.fix != FixMode::none) print_fix_summary(args, outcome);

  const bool too_many_warnings =
      args.max_warnings >= 0 && counts.below_error > static_cast<std::size_t>(args.max_warnings);
  if (too_many_warnings) {
    fmt::print(stderr, "fanout: {} below error level (warnings and infos), more than --max-warnings {}\n",
               plural(counts.below_error, "finding"), args.max_warnings);
  }
  if (failed) return kExitError;
  if (!args.exit_zero && (counts.errors > 0 || too_many_warnings)) return kExitFindings;
  return kExitClean;
}

}  // namespace fanout::cli
