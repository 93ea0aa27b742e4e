// Flow-typed JavaScript (semantics.md, "What fanout reads"). Flow files are
// read with the TypeScript grammars, which already know most of Flow's type
// syntax (annotations, `type`, `import type`, generics, casts `(x: T)`, maybe
// types, exact objects); the Flow view blanks the few Flow-only forms they do
// not, so that each such form hides at most itself.
//
// Measured on 882 `@flow` files of metro, stylex, draft-js and parse-server
// (185 481 lines), counting lines inside ERROR nodes: the JavaScript grammar
// leaves 100 024 unread (117 files clean); blanking every type node found by
// a TSX parse and reparsing with the JavaScript grammar, 2 296 (676 clean, two
// parses per file); the TSX grammar with TypeScript as fallback, 8 410 (573
// clean); with the Flow view, 2 060 (749 clean); with recovery too, 1 681, of
// which 993 are one library definition (`declare module`). On React Native's
// 662 Flow files (79 039 lines): 2 503 without the view, 944 with it.
#pragma once

#include <string>
#include <string_view>

namespace fanout {

/// True when a comment before the first statement holds a `@flow` pragma
/// (`// @flow`, `/* @flow strict */`, a doc block with a `@flow` line).
bool has_flow_pragma(std::string_view text);

/// Rewrites `text[start, end)` in `view` (a copy of the text, same length)
/// into what the TypeScript grammars read: Flow-only syntax is replaced by
/// spaces, byte for byte, line breaks kept, so every offset, line and column
/// stays the original file's. Only forms that are not valid JavaScript are
/// touched, so plain JavaScript in a Flow file reads the same.
void write_flow_view(std::string_view text, std::size_t start, std::size_t end, std::string& view);

}  // namespace fanout
