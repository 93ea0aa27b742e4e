// Flow-typed JavaScript (semantics.md, "What fanout reads"). Flow files are
// read with the TypeScript grammars, which already know most of Flow's type
// syntax (annotations, `type`, `import type`, generics, casts `(x: T)`, maybe
// types, exact objects); the Flow view blanks the few Flow-only forms they do
// not, so that each such form hides at most itself. The measurements behind
// this choice are in README.md beside this file.
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
