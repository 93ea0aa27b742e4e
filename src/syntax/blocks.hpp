// The parts of a file that are parsed as code: the whole file for plain
// sources, the script blocks and frontmatter of components (semantics.md,
// "What fanout reads"). Offsets are the whole file's, so every position,
// suppression and fix stays in the coordinates an editor shows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/sources.hpp"
#include "fanout/syntax.hpp"

namespace fanout {

/// One region of a file to parse, in whole-file byte offsets.
struct CodeBlock {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  Language language = Language::javascript;
  bool flow = false;       ///< Flow-typed JavaScript (a `@flow` pragma): read through the Flow view
  std::string name;        ///< how notes name it: empty for a whole file, else e.g. `<script setup lang="ts">`
  std::string unreadable;  ///< non-empty: a block in a language fanout cannot read, and which
};

/// The blocks of `text`, in file order. A plain source is one block; a
/// component yields its script blocks (and Astro's frontmatter), with empty
/// blocks, `src=` references and non-script `type`s (JSON, templates) left out.
std::vector<CodeBlock> code_blocks(std::string_view text, SourceKind kind);

}  // namespace fanout
