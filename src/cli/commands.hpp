// The subcommands behind the command line: app.cpp parses, these run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fanout::cli {

/// `fanout check` as typed, before validation (cli.md).
struct CheckArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  bool strict = false;
  bool fix = false;
  std::string fix_style;            ///< empty: from the configuration
  bool fix_dry_run = false;
  bool fix_unsafe = false;           ///< --fix-unsafe: also apply fixes that need a review
  std::string config;
  std::vector<std::string> allow_extends;   ///< --allow-extends: folders `extends` may reach outside the repository
  unsigned jobs = 0;                ///< 0: one per hardware thread
  bool color = false;
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
  bool suppress_all = false;        ///< record every finding in the baseline
  bool prune_suppressions = false;  ///< drop baseline entries that no longer occur
  std::string suppressions_location;  ///< the baseline file (default: at the repository root)
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
