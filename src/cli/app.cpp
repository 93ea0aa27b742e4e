// The command line (CLI11): parsing only; the subcommands run in *_command.cpp.
#include "cli/app.hpp"

#include <iostream>
#include <limits>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "fanout/options.hpp"
#include "lsp/server.hpp"

namespace fanout::cli {
namespace {

constexpr const char* kExamples = R"(Examples:
  fanout check                          check every JS/TS file under .
  fanout check src --format sarif > fanout.sarif
  fanout check --fix-dry-run | git apply      review, then apply the rewrites
  fanout check --fix --fix-style p-map  rewrite in place with p-map
  fanout check --rule unbounded-promise-all:warn --max-warnings 0
  fanout check --staged                 what a pre-commit hook runs: the staged content
  fanout check --changed-since origin/main    only findings on lines this branch changed
  fanout check --stdin --stdin-filename src/a.ts < buffer.ts   check an editor's unsaved text
  fanout lsp                            the language server (stdio), for editors
  fanout install-hook                   install a git pre-commit hook running `check --staged`
  fanout init                           write a commented starter fanout.jsonc
  fanout check --print-config src/a.js  show the configuration that applies to a file
  fanout check --suppress-all           record today's findings; later runs report only new ones
  fanout rules                          list the rules
  fanout explain unbounded-promise-all  show what a rule finds and why

Exit status: 0 no finding at error level, 1 findings, 2 usage, configuration or I/O error.)";

// `--format NAME`: the names come from the format table (src/report/formats.cpp),
// so --help lists every format and a new one needs no edit here.
CLI::Validator format_transformer() {
  std::map<std::string, Format> names;
  std::string listed;
  for (const FormatName& row : format_names()) {
    names.emplace(std::string(row.name), row.format);
    listed += listed.empty() ? std::string(row.name) : fmt::format(",{}", row.name);
  }
  CLI::Validator validator = CLI::CheckedTransformer(names);
  validator.description(fmt::format("{{{}}}", listed));
  return validator;
}

void add_check_options(CLI::App& check, CheckArgs& args, Format& format) {
  check.add_option("PATH", args.paths, "Files or folders to check (default: .)");
  check.add_option("-f,--format", format, "Output format (default: the configuration's \"format\", else text)")
      ->transform(format_transformer())
      ->type_name("FORMAT");
  check.add_flag("--strict", args.strict, "Also report collections of unknown origin (unknown-collection)");
  auto* fix = check.add_flag("--fix", args.fix, "Apply safe rewrites in place");
  // The names come from the one table of styles; --help lists them.
  std::vector<std::pair<std::string, std::string>> styles;
  for (const auto& row : kFixStyles) styles.emplace_back(row.name, row.name);
  check.add_option("--fix-style", args.fix_style,
                   "Rewrite style (default: configuration, else auto: bluebird where the file binds it, p-map where "
                   "package.json declares a version the file can load, else for-of)")
      ->type_name(joined_names(kFixStyles, "|"))
      ->transform(CLI::CheckedTransformer(styles).description(""));
  check.add_flag("--fix-dry-run", args.fix_dry_run, "Print the diff --fix would make; change nothing")->excludes(fix);
  check.add_flag("--fix-unsafe", args.fix_unsafe,
                 "With --fix or --fix-dry-run, also apply rewrites that need a review (e.g. a `.then` chain)");
  check.add_option("-c,--config", args.config, "Use this configuration file")->type_name("FILE");
  check.add_option("--allow-extends", args.allow_extends,
                   "Let `extends` read configurations under DIR too (repeatable; default: the repository only)")
      ->type_name("DIR");
  check.add_option("-j,--jobs", args.jobs, "Worker threads (default: one per hardware thread)")->type_name("N");
  // `--color` alone means always, as in ESLint; `--color=WHEN` as in GNU tools.
  auto* color = check.add_flag("--color{always}", args.color,
                               "Colour the output: always (bare --color), never, or auto (default: when stdout "
                               "is a terminal)")
                    ->check(CLI::IsMember({"always", "never", "auto"}))
                    ->type_name("WHEN");
  check.add_flag("--no-color", args.no_color, "Never colour the output (also NO_COLOR=1)")->excludes(color);
  check.add_flag("--no-prefilter", args.no_prefilter, "Parse every file, even those that cannot contain a finding");
  check.add_flag("--cache", args.cache, "Reuse the findings of files unchanged since the last run");
  check.add_option("--cache-location", args.cache_location, "Where --cache keeps results (default: .fanoutcache)")
      ->type_name("PATH");
  check.add_option("--max-warnings", args.max_warnings,
                   "Exit with 1 when more than N findings are below error level (warnings and infos, as "
                   "stylish and JSON count them); -1: no limit (default)")
      ->type_name("N")
      ->check(CLI::Range(-1, std::numeric_limits<int>::max()));
  check.add_flag("-q,--quiet", args.quiet, "Report errors only");
  check.add_flag("--exit-zero", args.exit_zero, "Exit with 0 even with findings (2 still means an error)");
  check.add_option("-o,--output-file", args.output_file, "Write the report to FILE; the terminal gets text")
      ->type_name("FILE");
  check.add_option("--rule", args.rule_overrides, "Set a rule's severity: off, info, warn or error (repeatable)")
      ->type_name("RULE:SEVERITY")
      ->allow_extra_args(false);
  check.add_option("--print-config", args.print_config, "Print the configuration that applies to FILE as JSON")
      ->type_name("FILE");
  auto* unused_severity =
      check.add_option("--report-unused-disable-directives-severity", args.unused_directives,
                       "Report suppression comments that suppress nothing (default: the configuration's "
                       "reportUnusedDisableDirectives, else off)")
          ->type_name("off|info|warn|error");
  check.add_flag("--report-unused-disable-directives", args.report_unused_directives,
                 "Report suppression comments that suppress nothing as errors (ESLint's flag)")
      ->excludes(unused_severity);
  check.add_flag("--no-inline-config", args.no_inline_config,
                 "Suppression comments (fanout-disable...) silence nothing: every finding is reported");
  check.add_option("--ignore-pattern", args.ignore_patterns,
                   "Skip files matching PATTERN (gitignore syntax, relative to the working directory; repeatable)")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  check.add_option("--ignore-path", args.ignore_path,
                   "Skip files matching the patterns in FILE (gitignore syntax, relative to its folder)")
      ->type_name("FILE");
  check.add_flag("--no-ignore", args.no_ignore,
                 "Check files that ignorePatterns, --ignore-pattern or --ignore-path would skip "
                 "(.gitignore and node_modules still apply to folder walks)");
  check.add_flag("--no-config-lookup", args.no_config_lookup,
                 "Use no configuration file found on disk: the defaults and the flags (with --config, that file)");
  auto* suppress_all =
      check.add_flag("--suppress-all", args.suppress_all, "Record every finding in fanout-suppressions.json");
  check.add_flag("--prune-suppressions", args.prune_suppressions,
                 "Remove entries of fanout-suppressions.json that no longer occur")
      ->excludes(suppress_all);
  check.add_option("--suppressions-location", args.suppressions_location,
                   "The suppressions file (default: fanout-suppressions.json at the repository root)")
      ->type_name("FILE");
  auto* from_stdin = check.add_flag("--stdin", args.stdin_input, "Check the text on standard input; with --fix, print the fixed text");
  check.add_option("--stdin-filename", args.stdin_filename,
                   "With --stdin: check the text as if it were FILE (its language, configuration and ignore patterns)")
      ->type_name("FILE")
      ->needs(from_stdin);
  // Both select files from git, and --fix would rewrite more than they select.
  auto* staged = check.add_flag("--staged", args.staged, "Check the staged content of staged files (git index)")
                     ->excludes(fix);
  check.add_option("--changed-since", args.changed_since,
                   "Report only findings on lines changed since the merge base of REF and HEAD")
      ->type_name("REF")
      ->excludes(staged)
      ->excludes(fix);
}

std::string failure_message(const CLI::App* app, const CLI::Error& error) {
  std::string name = app->get_name();
  for (const CLI::App* parent = app->get_parent(); parent; parent = parent->get_parent()) {
    name = fmt::format("{} {}", parent->get_name(), name);
  }
  return fmt::format("fanout: error: {}\nRun `{} --help` for usage.\n", error.what(), name);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"fanout: finds unbounded promise fan-outs (Promise.all(items.map(...))) in JavaScript and TypeScript",
               "fanout"};
  app.set_version_flag("--version", fmt::format("fanout {}", FANOUT_VERSION));
  app.require_subcommand(1);
  app.footer(kExamples);
  app.failure_message(failure_message);

  CheckArgs check_args;
  Format format = Format::text;
  CLI::App* check = app.add_subcommand("check", "Check files and folders for unbounded fan-outs");
  add_check_options(*check, check_args, format);
  CLI::App* rules = app.add_subcommand("rules", "List the rules with their default severity and fix");
  std::string rule_id;
  CLI::App* init = app.add_subcommand("init", "Write a commented starter fanout.jsonc here");
  CLI::App* explain = app.add_subcommand("explain", "Show a rule's documentation");
  explain->add_option("RULE", rule_id, "Rule id, e.g. unbounded-promise-all")->required();
  bool force_hook = false;
  CLI::App* install_hook =
      app.add_subcommand("install-hook", "Write a git pre-commit hook (honouring core.hooksPath) running `fanout check --staged`");
  install_hook->add_flag("--force", force_hook, "Replace a pre-commit hook that fanout did not write");
  CLI::App* lsp = app.add_subcommand("lsp", "Run the language server over stdin/stdout (for editors)");
  bool stdio = true;
  lsp->add_flag("--stdio", stdio, "Talk over stdin/stdout (the default; accepted for editor clients that pass it)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; every usage error is status 2 (cli.md).
    // The subcommand being parsed names itself in "Run `fanout check --help`".
    CLI::App* context = &app;
    for (CLI::App* sub : app.get_subcommands()) context = sub;
    // `fanout --bogus` would otherwise only hear that a subcommand is required.
    if (context == &app && dynamic_cast<const CLI::RequiredError*>(&error) && app.remaining_size() > 0) {
      return app.exit(CLI::ExtrasError(app.remaining())) == 0 ? kExitClean : kExitError;
    }
    return context->exit(error) == 0 ? kExitClean : kExitError;
  }
  if (check->parsed()) {
    if (check->count("--format") > 0) check_args.format = format;
    return check_command(check_args);
  }
  if (rules->parsed()) return rules_command();
  if (explain->parsed()) return explain_command(rule_id);
  if (init->parsed()) return init_command();
  if (install_hook->parsed()) return install_hook_command(force_hook);
  if (lsp->parsed()) lsp::serve();
  return kExitError;
}

}  // namespace fanout::cli
