// The subcommands behind the command line: app.cpp parses, these run.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/report.hpp"

namespace fanout::cli {

/// `fanout check` as typed, before validation (cli.md).
struct CheckArgs {
  std::vector<std::string> paths;
  std::optional<Format> format;     ///< unset: the configuration's `format`, else text
  bool strict = false;
  bool fix = false;
  std::string fix_style;            ///< empty: from the configuration
  bool fix_dry_run = false;
  bool fix_unsafe = false;           ///< --fix-unsafe: also apply fixes that need a review
  std::string config;
  std::vector<std::string> allow_extends;   ///< --allow-extends: folders `extends` may reach outside the repository
  unsigned jobs = 0;                ///< 0: one per hardware thread
  std::string color = "auto";       ///< --color[=always|never|auto]; bare --color is always
  bool no_color = false;
  bool no_prefilter = false;
  bool cache = false;               ///< --cache: reuse results of unchanged files
  std::string cache_location = ".fanoutcache";
  int max_warnings = -1;            ///< -1: no limit
  bool quiet = false;
  bool exit_zero = false;
  std::string output_file;
  std::vector<std::string> rule_overrides;  ///< `RULE:SEVERITY`
  bool staged = false;              ///< check the staged content of staged files
  std::string changed_since;        ///< REF: only findings on lines changed since REF
  std::string print_config;         ///< FILE: print its effective configuration and exit
  std::string unused_directives;    ///< --report-unused-disable-directives-severity ("": the configuration's)
  bool report_unused_directives = false;  ///< bare --report-unused-disable-directives: as errors (ESLint)
  bool no_inline_config = false;    ///< suppression comments silence nothing
  std::vector<std::string> ignore_patterns;  ///< --ignore-pattern, gitignore syntax relative to the working directory
  std::string ignore_path;          ///< --ignore-path FILE: more patterns, relative to FILE's folder
  bool no_ignore = false;           ///< neither ignorePatterns nor the two above apply
  bool no_config_lookup = false;    ///< defaults (and flags) for every file unless --config
  bool suppress_all = false;        ///< record every finding in the baseline
  bool prune_suppressions = false;  ///< drop baseline entries that no longer occur
  std::string suppressions_location;  ///< the baseline file (default: at the repository root)
  bool stdin_input = false;         ///< --stdin: check standard input as `stdin_filename`
  std::string stdin_filename;
};

/// Exit statuses (cli.md).
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

int check_command(const CheckArgs& args);
int rules_command();
int explain_command(const std::string& rule_id);
/// `fanout init`: writes a commented starter fanout.jsonc; refuses to overwrite.
int init_command();
/// The text `fanout init` writes.
std::string_view starter_config();
/// `fanout install-hook [--force]`: a git pre-commit hook running `check --staged`.
int install_hook_command(bool force);

/// Prints `fanout: error: <message>` on stderr.
void print_error(const std::string& message);

}  // namespace fanout::cli
