// The pipeline the fuzzer drives, shared with tests/fuzz_regress_test.cpp so
// that every input the fuzzer once broke is replayed by ctest. The first byte
// picks the source kind and the options, the rest is the file's text; the
// text goes through analysis (checked against a run without the pre-filter),
// every reporter and the safe fixes.
#include "fuzz/pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <vector>

#include "fanout/analyzer.hpp"
#include "fanout/fix.hpp"
#include "fanout/report.hpp"

namespace fanout::fuzz {
namespace {

constexpr Format kFormats[] = {Format::text, Format::stylish, Format::compact,
                               Format::json, Format::sarif,   Format::github};

/// What the header byte selects.
struct Header {
  SourceKind kind;
  bool strict;
  bool prefilter;
  FixStyle style;
};

// Bits 0-1 pick one of three kinds; bit 7 says which three: the plain
// grammars (so every input stored before components existed keeps its
// meaning) or the component kinds, whose blocks are read with those grammars.
constexpr SourceKind kPlainKinds[] = {SourceKind::javascript, SourceKind::typescript, SourceKind::tsx};
constexpr SourceKind kComponentKinds[] = {SourceKind::vue, SourceKind::svelte, SourceKind::astro};

Header decode(std::uint8_t byte, const Pinned& pinned) {
  const std::size_t row = (byte & 0x03) % 3;
  Header header{
      .kind = (byte & 0x80) != 0 ? kComponentKinds[row] : kPlainKinds[row],
      .strict = (byte & 0x04) != 0,
      // With the pre-filter most mutated inputs are never parsed: only half use it.
      .prefilter = (byte & 0x08) != 0,
      // Three bits: every row of kFixStyles (five with `auto`) is reachable.
      .style = kFixStyles[((byte >> 4) & 0x07) % kFixStyles.size()].value,
  };
  if (pinned.components) header.kind = kComponentKinds[row];
  if (pinned.kind) header.kind = *pinned.kind;
  return header;
}

// One Analyzer per option set, built on first use: constructing one builds the
// dispatch tables, which would dominate the time per input.
Analyzer& analyzer_for(const Header& header) {
  static std::unique_ptr<Analyzer> cache[2][2][kFixStyles.size()];
  auto& slot = cache[header.strict][header.prefilter][static_cast<int>(header.style)];
  if (!slot) {
    AnalysisOptions options;
    options.strict = header.strict;
    options.prefilter = header.prefilter;
    options.fix.style = header.style;
    options.fix.custom_callee = "PromiseUtils.mapLimit";
    options.fix.custom_import = "./utils/promise";
    options.fix.repo_root = "/repo";
    options.map_helpers.push_back(MapHelper{.callee = "PromiseUtils.map", .collection_arg = 0, .options_arg = 2});
    options.batch_helpers.push_back(BatchHelper{.callee = "inBatches", .callback_arg = 1});
    slot = std::make_unique<Analyzer>(options);
  }
  return *slot;
}

// The rule findings of a result, as comparable text (notes about parsing left out).
std::vector<std::string> findings(const FileResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.rule_id == kParseErrorId || d.rule_id == kSkippedFileId) continue;
    out.push_back(d.rule_id + "@" + std::to_string(d.span.start) + ": " + d.message);
  }
  return out;
}

bool ran_out_of_time(const FileResult& result) {
  return std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& d) {
    return d.rule_id == kParseErrorId &&
           (d.message == kOutOfTimeNote || d.message.find("the parser gave up") != std::string::npos);
  });
}

std::string failure(const char* what, std::size_t before, std::size_t after) {
  return std::string(what) + " (syntax errors before " + std::to_string(before) + ", after " +
         std::to_string(after) + ")";
}

std::string path_for(SourceKind kind) {
  for (const SourceExtension& row : kSourceExtensions) {
    if (row.kind == kind) return "src/input." + std::string(row.name);
  }
  return "src/input.js";
}

// A Flow run reads every input as a Flow file: the pragma goes first unless
// the input already has one (a mutation may have broken it: then it is plain
// JavaScript, which the Flow detection must also survive).
constexpr std::string_view kFlowPragma = "// @flow\n";

}  // namespace

std::optional<std::string> run_pipeline(const std::uint8_t* data, std::size_t size, Pinned pinned) {
  if (size == 0) return std::nullopt;
  const Header header = decode(data[0], pinned);
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (pinned.flow && text.find("@flow") == std::string::npos) text.insert(0, kFlowPragma);
  const std::string path = path_for(header.kind);
  Analyzer& analyzer = analyzer_for(header);
  FileResult result = analyzer.analyze(path, text, header.kind);

  // The pre-filter never hides a finding (its soundness, which
  // bench/prefilter-soundness.sh checks on the corpus): with it, the findings
  // are exactly those of a full parse.
  if (header.prefilter) {
    Header full = header;
    full.prefilter = false;
    const FileResult unfiltered = analyzer_for(full).analyze(path, text, header.kind);
    const std::vector<std::string> with = findings(result);
    const std::vector<std::string> without = findings(unfiltered);
    // A parse cut short by its time budget (a pathological input) reads
    // what the time allowed, which two runs need not share.
    if (with != without && !ran_out_of_time(result) && !ran_out_of_time(unfiltered)) {
      std::string why = "the pre-filter hid or changed a finding; with it:";
      for (const std::string& f : with) why += "\n  " + f;
      why += "\nwithout it:";
      for (const std::string& f : without) why += "\n  " + f;
      return why;
    }
  }

  // Every reporter, with and without the help lines and colour: they index the
  // text by the diagnostics' spans, which is where a bad span would show.
  std::vector<FileResult> files;
  files.push_back(result);
  const RunSummary summary{.files_checked = 1, .files_parsed = result.parsed ? 1u : 0u};
  for (const Format format : kFormats) {
    for (const bool color : {false, true}) {
      std::ostringstream out;
      render(format, files, summary, ReportOptions{.color = color, .show_help = !color}, out);
    }
  }

  // The safe fixes in one raw pass, as apply_fixes() is told them. A safe fix
  // on a file that parsed cleanly must leave it parsing cleanly (style.md,
  // Fixes). FANOUT_FUZZ_LENIENT_FIX skips this check to hunt crashes only.
  std::vector<const Fix*> safe;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.fix && diagnostic.fix->applicability == Applicability::safe) safe.push_back(&*diagnostic.fix);
  }
  if (safe.empty()) return std::nullopt;
  const std::size_t before = analyzer.syntax_error_count(text, header.kind);
  const AppliedFixes applied = apply_fixes(text, safe);
  if (applied.applied > 0 && std::getenv("FANOUT_FUZZ_LENIENT_FIX") == nullptr) {
    const std::size_t after = analyzer.syntax_error_count(applied.text, header.kind);
    if (before == 0 && after != 0) return failure("a safe fix broke a file that parsed cleanly", before, after);
  }

  // What `--fix` really writes: the driver's passes, which drop breaking fixes,
  // so it may never add errors, even to a broken file.
  const FixedText fixed = fix_text(analyzer, path, text, header.kind, std::move(result));
  const std::size_t after = analyzer.syntax_error_count(fixed.text, header.kind);
  if (after > before) return failure("--fix added syntax errors", before, after);
  return std::nullopt;
}

}  // namespace fanout::fuzz

