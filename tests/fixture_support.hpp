// Reads fixture files: inline expectations (`// expect: RULE`), optional caret
// lines pinning spans, and a `// fanout-test:` header with per-file options.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/options.hpp"

namespace fanout::testing {

struct Expectation {
  std::uint32_t line = 0;
  std::string rule;
  std::optional<std::uint32_t> column;      ///< 1-based byte column from a caret line
  std::optional<std::uint32_t> end_column;
  /// `; refused: TEXT` after the rule: the finding's fix is a suggestion only,
  /// and its title contains TEXT.
  std::string refused;
};

struct Fixture {
  std::filesystem::path path;
  std::string text;
  AnalysisOptions options;
  std::vector<Expectation> expectations;
  std::string header_error;  ///< an unknown option in the header
};

Fixture load_fixture(const std::filesystem::path& path);
/// Every fixture under rules/*/fixtures, sorted; `.fixed.` files excluded.
std::vector<std::filesystem::path> all_fixtures(const std::filesystem::path& source_dir);
/// Applies safe fixes until none applies (at most 10 passes).
std::string fix_until_stable(Analyzer& analyzer, const std::string& path, std::string text, SourceKind kind);

}  // namespace fanout::testing
