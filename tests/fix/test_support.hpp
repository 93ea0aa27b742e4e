// Helpers shared by the fix tests: the fix loop `--fix` runs,
// options per style, and file and line-ending utilities.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/fix.hpp"

namespace fanout::fixtest {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string to_crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

inline std::string to_lf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

inline bool has_lone_lf(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return true;
  }
  return false;
}

/// Options for a style by its CLI name; `custom` uses a local module under `repo_root`.
inline AnalysisOptions options_for(const std::string& style, const std::string& repo_root) {
  AnalysisOptions options;
  if (const auto named = value_named(kFixStyles, style)) options.fix.style = *named;
  if (options.fix.style == FixStyle::custom) {
    options.fix.custom_callee = "PromiseUtils.mapSeries";
    options.fix.custom_import = "./lib/promise-utils";
    options.fix.repo_root = repo_root;
  }
  return options;
}

/// The safe fixes the analyzer offers for a text.
inline std::vector<Fix> safe_fixes(const std::string& path, const std::string& text, const AnalysisOptions& options) {
  Analyzer analyzer(options);
  std::vector<Fix> fixes;
  for (auto& d : analyzer.analyze(path, text, checked_kind_for_path(path)).diagnostics) {
    if (d.fix && d.fix->applicability == Applicability::safe) fixes.push_back(*d.fix);
  }
  return fixes;
}

struct FixRun {
  std::string text;
  std::size_t applied = 0;
  std::size_t baseline_errors = 0;
  std::size_t syntax_errors = 0;
};

/// Applies safe fixes with the loop `--fix` runs (fanout/fix.hpp), until nothing changes.
inline FixRun fix_until_stable(const std::string& path, const std::string& original, const AnalysisOptions& options) {
  Analyzer analyzer(options);
  const SourceKind kind = checked_kind_for_path(path);
  FixRun run{.baseline_errors = analyzer.syntax_error_count(original, kind)};
  FixedText fixed = fix_text(analyzer, path, original, kind, analyzer.analyze(path, original, kind));
  run.text = std::move(fixed.text);
  run.applied = fixed.applied;
  run.syntax_errors = analyzer.syntax_error_count(run.text, kind);
  return run;
}

/// A shell command's exit status and its combined stdout and stderr, run in `cwd`.
struct Shell {
  int status = -1;
  std::string output;
};

inline Shell shell(const std::filesystem::path& cwd, const std::string& command) {
  Shell run;
  const std::string line = "cd '" + cwd.string() + "' && " + command + " 2>&1";
  FILE* pipe = ::popen(line.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace fanout::fixtest
