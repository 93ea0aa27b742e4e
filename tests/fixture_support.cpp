#include "fixture_support.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "fanout/fix.hpp"
#include "fanout/sources.hpp"
#include "fanout/syntax.hpp"

namespace fanout::testing {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string apply_header(const std::string& header, AnalysisOptions& options) {
  std::istringstream words(header);
  std::string word;
  while (words >> word) {
    if (word == "--strict") {
      options.strict = true;
    } else if (word == "--fix-style") {
      std::string name;
      words >> name;
      const auto style = value_named(kFixStyles, name);
      if (!style) return "unknown fix style " + name;
      options.fix.style = *style;
    } else if (word == "--max-literal-elements") {
      words >> options.max_literal_elements;
    } else if (word == "--concurrency") {
      words >> options.fix.concurrency;
    } else if (word == "--map-helper") {
      // --map-helper NAME COLLECTION_ARG OPTIONS_ARG
      MapHelper helper;
      std::uint32_t options_arg = 0;
      words >> helper.callee >> helper.collection_arg >> options_arg;
      helper.options_arg = options_arg;
      options.map_helpers.push_back(helper);
    } else if (word == "--batch-helper") {
      BatchHelper helper;
      words >> helper.callee >> helper.callback_arg;
      options.batch_helpers.push_back(helper);
    } else if (word == "--custom") {
      words >> options.fix.custom_callee >> options.fix.custom_import;
    } else if (word == "--package-type") {
      // Facts the fixer would read from package.json and tsconfig.json.
      words >> options.fix.project->package.type;
    } else if (word == "--dependency") {
      std::string spec;
      words >> spec;
      const std::size_t at = spec.rfind('@');
      if (at == 0 || at == std::string::npos) return "--dependency takes NAME@RANGE";
      options.fix.project->package.dependencies[spec.substr(0, at)] = spec.substr(at + 1);
      options.fix.project->package.path = "package.json";
    } else if (word == "--tsconfig") {
      std::string list;
      words >> list;
      ProjectFacts::TypeScript& ts = options.fix.project->typescript;
      ts.path = "tsconfig.json";
      std::istringstream items(list);
      for (std::string item; std::getline(items, item, ',');) {
        const std::size_t eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? "true" : item.substr(eq + 1);
        if (key == "esModuleInterop") ts.es_module_interop = value == "true";
        else if (key == "allowSyntheticDefaultImports") ts.allow_synthetic_default_imports = value == "true";
        else if (key == "downlevelIteration") ts.downlevel_iteration = value == "true";
        else if (key == "noUncheckedIndexedAccess") ts.no_unchecked_indexed_access = value == "true";
        else if (key == "module") ts.module = value;
        else if (key == "moduleResolution") ts.module_resolution = value;
        else if (key == "target") ts.target = value;
        else return "unknown --tsconfig key " + key;
      }
    } else if (word == "--off") {
      std::string rule;
      words >> rule;
      options.severities[rule] = Severity::off;
    } else {
      return "unknown option in fanout-test header: " + word;
    }
  }
  return {};
}

}  // namespace

Fixture load_fixture(const std::filesystem::path& path) {
  Fixture fixture;
  fixture.path = path;
  std::ifstream in(path, std::ios::binary);
  fixture.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  // Tests never read configuration files: options come from the header only,
  // package.json and tsconfig.json facts included (none unless it says so).
  fixture.options.prefilter = true;
  fixture.options.fix.project = ProjectFacts{};
  // Components write the header and markup expectations as HTML comments.
  static const std::regex header(R"(fanout-test:\s*(.*?)\s*(\*/|-->)?$)");
  static const std::regex expect(R"((?://|/\*|<!--)\s*expect\s*:\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))");
  static const std::regex caret(R"(^\s*//(\s*)(\^+)\s*$)");
  static const std::regex refused(R"(;\s*refused:\s*(.+?)\s*(\*/\s*\}?)?$)");
  const auto lines = split_lines(fixture.text);
  std::uint32_t last_code_line = 0;
  for (std::uint32_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::smatch m;
    if (i < 5 && std::regex_search(line, m, header)) {
      fixture.header_error = apply_header(m[1].str(), fixture.options);
      continue;
    }
    if (std::regex_match(line, m, caret) && last_code_line != 0) {
      // The carets sit under the span on the line above.
      const auto start = static_cast<std::uint32_t>(m.position(2)) + 1;
      const auto end = start + static_cast<std::uint32_t>(m[2].length());
      for (auto& e : fixture.expectations) {
        if (e.line == last_code_line && !e.column) {
          e.column = start;
          e.end_column = end;
          break;
        }
      }
      continue;
    }
    last_code_line = i + 1;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), expect); it != std::sregex_iterator(); ++it) {
      std::string rules = (*it)[1].str();
      std::istringstream list(rules);
      std::string rule;
      while (std::getline(list, rule, ',')) {
        rule.erase(0, rule.find_first_not_of(" \t"));
        rule.erase(rule.find_last_not_of(" \t") + 1);
        if (!rule.empty()) fixture.expectations.push_back({i + 1, rule, std::nullopt, std::nullopt, {}});
      }
    }
    if (std::regex_search(line, m, refused)) {
      for (auto& e : fixture.expectations) {
        if (e.line == i + 1) e.refused = m[1].str();
      }
    }
  }
  return fixture;
}

std::vector<std::filesystem::path> all_fixtures(const std::filesystem::path& source_dir) {
  std::vector<std::filesystem::path> out;
  const auto rules = source_dir / "rules";
  for (const auto& rule : std::filesystem::directory_iterator(rules)) {
    const auto dir = rule.path() / "fixtures";
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.find(".fixed.") != std::string::npos) continue;
      if (is_source_path(name)) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string fix_until_stable(Analyzer& analyzer, const std::string& path, std::string text, SourceKind kind) {
  // The loop `--fix` runs (fanout/fix.hpp), not a copy of it.
  FileResult first = analyzer.analyze(path, text, kind);
  return fix_text(analyzer, path, text, kind, std::move(first)).text;
}

}  // namespace fanout::testing
