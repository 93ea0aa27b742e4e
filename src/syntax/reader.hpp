// Reading one code block into trees: the grammar (and its fallback), the
// Flow view, tree-sitter's included ranges for component blocks, and error
// recovery that cuts a damaged region out and reparses the rest (semantics.md,
// "What fanout reads"; issue 16). Positions are always the whole file's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax/blocks.hpp"
#include "syntax/parser.hpp"

namespace fanout {

/// A byte range `[start, end)` of the file.
using ByteRange = std::pair<std::uint32_t, std::uint32_t>;

/// What reading one block produced.
struct BlockReading {
  /// The trees to analyse: the block's own parse first, then, when recovery
  /// cut damaged regions out, the parse of the rest (`recovered`).
  std::vector<Tree> trees;
  Language language = Language::javascript;  ///< the grammar the trees were parsed with
  std::vector<ByteRange> cut;                ///< regions the recovered tree leaves out (sorted)
  std::vector<ByteRange> unchecked;          ///< bytes no analysed tree reads (ERROR nodes), sorted, merged
  bool has_syntax_error = false;             ///< any ERROR or MISSING node in the block's parse
  std::uint32_t first_error = 0;             ///< where the first one is
  std::uint32_t first_error_end = 0;
  std::string missing;                       ///< the first one is a MISSING node of this type (else empty)
  /// A later parse of the reading (the other grammar, a recovery round) ran
  /// out of its time budget: the trees are what was read before it.
  bool out_of_time = false;

  /// True when a finding at `offset` in `trees[index]` comes from the part of
  /// the block that tree speaks for: the recovered tree speaks outside the cut.
  bool speaks_for(std::size_t index, std::uint32_t offset) const;
};

/// Reads code blocks with one worker's parser (not thread-safe, reusable).
class BlockReader {
 public:
  explicit BlockReader(Parser& parser) : parser_(parser) {}

  /// Parses `block` of `text`; `trees` is empty when the parser gave up.
  BlockReading read(std::string_view text, const CodeBlock& block);

  /// The ERROR and MISSING nodes of the block's parse (the fixer compares
  /// the count before and after a rewrite).
  std::size_t error_count(std::string_view text, const CodeBlock& block);

 private:
  /// The text tree-sitter reads for `block`: the file itself, or a copy with
  /// the Flow view and NUL bytes blanked (same length, so offsets hold).
  std::string_view parse_text(std::string_view text, const CodeBlock& block);
  Tree parse(std::string_view text, const CodeBlock& block, Language language, const std::vector<ByteRange>& cut);
  /// The block's parse in its best grammar (a `.tsx` cast `<T>x` reads as TypeScript).
  /// `out_of_time`, when given, tells whether the other grammar's parse ran out of its budget.
  Tree best_parse(std::string_view text, const CodeBlock& block, Language& language, bool* out_of_time = nullptr);

  Parser& parser_;
  std::string view_;
};

}  // namespace fanout
