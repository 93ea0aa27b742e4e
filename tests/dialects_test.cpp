// What fanout reads (semantics.md): the source table, component blocks, the
// Flow pragma and view, error recovery and the binary-file policy.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "fanout/analyzer.hpp"
#include "fanout/files.hpp"
#include "fanout/sources.hpp"
#include "syntax/blocks.hpp"
#include "syntax/flow.hpp"

namespace fanout {
namespace {

// --- the source table ---------------------------------------------------------

TEST(Sources, EveryEndingOfTheDocsIsInTheTable) {
  for (const char* name : {"a.js", "a.mjs", "a.cjs", "a.jsx", "a.ts", "a.mts", "a.cts", "a.tsx", "App.vue",
                           "Grid.svelte", "page.astro", "dir.x/b.vue"}) {
    EXPECT_TRUE(is_source_path(name)) << name;
  }
  for (const char* name : {"a.txt", "a.json", "a.VUE", "a.js.map", ".vue", "dir/.js", "dir.vue/file", "vue", "a."}) {
    EXPECT_FALSE(is_source_path(name)) << name;
  }
}

TEST(Sources, KindsAndModuleSystems) {
  EXPECT_EQ(source_kind_for_path("a/App.vue"), SourceKind::vue);
  EXPECT_EQ(source_kind_for_path("Grid.svelte"), SourceKind::svelte);
  EXPECT_EQ(source_kind_for_path("index.astro"), SourceKind::astro);
  EXPECT_EQ(source_kind_for_path("x.cts"), SourceKind::typescript);
  EXPECT_EQ(source_kind_for_path("notes.txt"), std::nullopt);
  EXPECT_EQ(checked_kind_for_path("bin/tool"), SourceKind::javascript);
  EXPECT_EQ(module_system_for_path("App.vue"), ModuleSystem::esm);
  EXPECT_EQ(module_system_for_path("a.cjs"), ModuleSystem::commonjs);
  EXPECT_EQ(module_system_for_path("a.js"), ModuleSystem::detect);
  EXPECT_EQ(language_for_path("a.tsx"), Language::tsx);
  EXPECT_EQ(language_for_path("App.vue"), Language::javascript);
}

// --- component blocks -----------------------------------------------------------

std::vector<std::string> block_texts(std::string_view text, SourceKind kind) {
  std::vector<std::string> out;
  for (const CodeBlock& b : code_blocks(text, kind)) {
    out.push_back(std::string(language_name(b.language)) + (b.flow ? "+flow" : "") + ":" +
                  std::string(text.substr(b.start, b.end - b.start)));
  }
  return out;
}

TEST(Blocks, PlainSourcesAreOneBlock) {
  EXPECT_EQ(block_texts("let a = 1;", SourceKind::javascript), std::vector<std::string>{"javascript:let a = 1;"});
  EXPECT_EQ(block_texts("// @flow\nlet a = 1;", SourceKind::javascript),
            std::vector<std::string>{"javascript+flow:// @flow\nlet a = 1;"});
  EXPECT_EQ(block_texts("// @flow\nlet a = 1;", SourceKind::typescript),
            std::vector<std::string>{"typescript:// @flow\nlet a = 1;"});
}

TEST(Blocks, VueReadsTopLevelScriptsByLang) {
  const std::string vue =
      "<template>\n  <template v-if=\"a > b\"><script>inTemplate()</script></template>\n</template>\n"
      "<script lang=\"ts\">export const a: number = 1;</script>\n"
      "<script setup lang='tsx'>const b = <i/>;</script>\n"
      "<script setup lang=\"jsx\">c()</script>\n"
      "<script>d()</script>\n"
      "<script src=\"./external.js\"></script>\n"
      "<script type=\"text/x-template\">e()</script>\n"
      "<i18n>\n<script>f()</script>\n</i18n>\n"
      "<style>.a::after { content: '<script>g()</script>' }</style>\n"
      "<!-- <script>h()</script> -->\n";
  EXPECT_EQ(block_texts(vue, SourceKind::vue),
            (std::vector<std::string>{"typescript:export const a: number = 1;", "tsx:const b = <i/>;",
                                      "javascript:c()", "javascript:d()"}));
}

TEST(Blocks, UnknownLangIsAnUnreadableBlock) {
  const auto blocks = code_blocks("<script lang=\"coffee\">x = 1</script><script>y()</script>", SourceKind::vue);
  ASSERT_EQ(blocks.size(), 2U);
  EXPECT_EQ(blocks[0].unreadable, "lang=\"coffee\"");
  EXPECT_EQ(blocks[0].name, "<script lang=\"coffee\">");
  EXPECT_TRUE(blocks[1].unreadable.empty());
}

TEST(Blocks, SvelteScriptsAndBracedAttributes) {
  const std::string svelte =
      "<script context=\"module\" lang=\"ts\">export const m: number = 1;</script>\n"
      "<script module>n()</script>\n"
      "<div on:click={() => a > b} {...rest}>x</div>\n"
      "<script lang=\"typescript\">let o: string;</script>\n"
      "<SCRIPT>p()</SCRIPT >\n";
  EXPECT_EQ(block_texts(svelte, SourceKind::svelte),
            (std::vector<std::string>{"typescript:export const m: number = 1;", "javascript:n()",
                                      "typescript:let o: string;", "javascript:p()"}));
}

TEST(Blocks, AstroFrontmatterAndScripts) {
  const std::string astro =
      "\n---\nconst a: number = await load();\n---\n<Layout title={`x > ${a}`}>\n"
      "<script>track()</script>\n<script is:inline>inline()</script>\n<script defer>deferred()</script>\n"
      "<script type=\"application/ld+json\">{\"a\": 1}</script>\n</Layout>\n";
  EXPECT_EQ(block_texts(astro, SourceKind::astro),
            (std::vector<std::string>{"typescript:const a: number = await load();\n", "typescript:track()",
                                      "javascript:inline()", "javascript:deferred()"}));
  // No fence: the whole file is markup (only scripts are read).
  EXPECT_EQ(block_texts("<p>---</p>\n<script>x()</script>", SourceKind::astro),
            std::vector<std::string>{"typescript:x()"});
}

TEST(Blocks, ScriptsInsideMarkupExpressionsAreText) {
  const std::string astro =
      "<p>{'<script>notCode()</script>'}</p>\n{items.map((i) => <p>Don't {i}</p>)}\n<script>code()</script>\n";
  EXPECT_EQ(block_texts(astro, SourceKind::astro), std::vector<std::string>{"typescript:code()"});
  EXPECT_EQ(block_texts("{`<script>x()</script>`}<script>y()</script>", SourceKind::svelte),
            std::vector<std::string>{"javascript:y()"});
}

TEST(Blocks, UnterminatedTagsAndCommentsEndTheScan) {
  EXPECT_TRUE(code_blocks("<script", SourceKind::vue).empty());
  EXPECT_TRUE(code_blocks("<script lang=\"ts", SourceKind::svelte).empty());
  EXPECT_TRUE(code_blocks("<!-- <script>a()</script>", SourceKind::astro).empty());
  EXPECT_EQ(block_texts("<script>a()", SourceKind::vue), std::vector<std::string>{"javascript:a()"});
}

// --- Flow -----------------------------------------------------------------------

TEST(Flow, PragmaInACommentBeforeTheFirstStatement) {
  EXPECT_TRUE(has_flow_pragma("// @flow\nconst a = 1;"));
  EXPECT_TRUE(has_flow_pragma("/* @flow strict */ const a = 1;"));
  EXPECT_TRUE(has_flow_pragma("#!/usr/bin/env node\n/**\n * Copyright\n *\n * @flow strict-local\n */\n'use strict';"));
  EXPECT_TRUE(has_flow_pragma("\xEF\xBB\xBF// a header\n\n// @flow\nx();"));
  EXPECT_FALSE(has_flow_pragma("const a = 1; // @flow"));
  EXPECT_FALSE(has_flow_pragma("'use strict';\n// @flow\n"));
  EXPECT_FALSE(has_flow_pragma("// @noflow\nx();"));
  EXPECT_FALSE(has_flow_pragma("// @flowtype\nx();"));
  EXPECT_FALSE(has_flow_pragma("const s = '// @flow';"));
}

std::string flow_view(const std::string& text) {
  std::string view = text;
  write_flow_view(text, 0, text.size(), view);
  EXPECT_EQ(view.size(), text.size());
  return view;
}

TEST(Flow, ViewBlanksOnlyFlowOnlySyntax) {
  // Maybe types, variance, inexact objects, empty type arguments, bounds.
  EXPECT_EQ(flow_view("let a: ?string = f(x ? y : z);"), "let a:  string = f(x ? y : z);");
  EXPECT_EQ(flow_view("type A = {+a: ?T, -b: U, ...};"), "type A = { a:  T,  b: U,    };");
  EXPECT_EQ(flow_view("type B = {...};"), "type B = {   };");
  EXPECT_EQ(flow_view("type C = {a: T, ..., };"), "type C = {a: T,      };");
  EXPECT_EQ(flow_view("class G extends Graph<> {}"), "class G extends Graph   {}");
  EXPECT_EQ(flow_view("function f<T: {}>(x: T) {}"), "function f<T    >(x: T) {}");
  EXPECT_EQ(flow_view("type R<+A, -B> = A;"), "type R< A,  B> = A;");
  EXPECT_EQ(flow_view("export opaque type Id: string = string;"), "export        type Id         = string;");
  EXPECT_EQ(flow_view("declare export function f(): void;"), "declare        function f(): void;");
  EXPECT_EQ(flow_view("import typeof Db from './db';"), "import type   Db from './db';");
  EXPECT_EQ(flow_view("function p(x: mixed): boolean %checks {}"), "function p(x: mixed): boolean         {}");
  EXPECT_EQ(flow_view("for (const k: string of ks) f(k);"), "for (const k         of ks) f(k);");
  EXPECT_EQ(flow_view("#p: ?() => void;"), "#p:  () => void;");
}

TEST(Flow, ViewLeavesJavaScriptAlone) {
  for (const char* js : {"a = b ? c : d; e = f?.g ?? h;", "x = [1, -y, +z]; o = {...rest, a: -b};",
                         "if (a < b && c > d) f(a<b, c>d);", "const re = /(?:a|b)?/g, s = '?:x', t = `${a ? b : c}`;",
                         "f(a, -b, c); g = a % checks;", "for (const k of ks) {}", "x = <div>{a ? b : c}</div>;",
                         "// ?T and {| |} in a comment\n/* +a: ?b */"}) {
    EXPECT_EQ(flow_view(js), js);
  }
}

// --- reading and recovery --------------------------------------------------------

std::vector<std::string> findings(const std::string& path, const std::string& text, SourceKind kind) {
  AnalysisOptions options;
  Analyzer analyzer(options);
  const FileResult result = analyzer.analyze(path, text, kind);
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) {
    const Position p = result.file->position(d.span.start);
    out.push_back(fmt::format("{}:{} {}", p.line, p.utf16_column, d.rule_id));
  }
  return out;
}

// The parse-error note's message; `text` mentions a sink, so the pre-filter parses it.
std::string note(const std::string& path, const std::string& text, SourceKind kind) {
  AnalysisOptions options;
  Analyzer analyzer(options);
  for (const Diagnostic& d : analyzer.analyze(path, text, kind).diagnostics) {
    if (d.rule_id == kParseErrorId) return d.message;
  }
  return {};
}

constexpr const char* kTail =
    "async function saveAll(rows) {\n"
    "  return Promise.all(rows.map((r) => put(r)));\n"
    "}\n";

TEST(Recovery, UnclosedBracketHidesOnlyItsLines) {
  for (const char* damage : {"foo(\n", "const a = {\n", "if (x) {\n  y(\n", "const t = `abc ${\n", "class A {\n  m() {\n",
                             "x = [\n", "function f(a, { b }\n", "const x = function ( {\n"}) {
    const std::string text = std::string("const put = require('p');\n") + damage + kTail;
    const auto got = findings("a.js", text, SourceKind::javascript);
    EXPECT_NE(std::find(got.begin(), got.end(), fmt::format("{}:10 unbounded-promise-all",
                                                            3 + std::count(damage, damage + std::strlen(damage), '\n'))),
              got.end())
        << damage << "\n" << fmt::format("{}", fmt::join(got, "; "));
  }
}

TEST(Recovery, TheNoteSaysWhichLinesWereNotChecked) {
  EXPECT_EQ(note("a.js", std::string("const put = require('p');\nclass A {\n  m() {\n\n") + kTail, SourceKind::javascript),
            "syntax error; lines 2-4 are not checked");
  EXPECT_EQ(note("a.js", std::string("foo(\n") + kTail, SourceKind::javascript), "syntax error; line 1 is not checked");
  EXPECT_EQ(note("a.js", "const x = [1, 2;\nPromise.all(x);\n", SourceKind::javascript),
            "syntax error: missing `]`; the code is read as if it were there");
  EXPECT_EQ(note("App.vue", "<template/>\n<script setup>\n%%%\nPromise.all(x);\n</script>\n", SourceKind::vue),
            "syntax error in `<script setup>`; line 3 is not checked");
}

TEST(Recovery, TsxCastReadsWithTheTypeScriptGrammar) {
  const std::string text = "const ids = <string[]>raw;\nasync function f() {\n  await Promise.all(ids.map((i) => g(i)));\n}\n";
  EXPECT_EQ(findings("a.tsx", text, SourceKind::tsx), std::vector<std::string>{"3:9 unbounded-promise-all"});
}

TEST(Recovery, ABlockThatCannotBeReadLeavesTheOthers) {
  const std::string vue =
      "<script>\nfoo(;; {\n</script>\n<script setup>\nawait Promise.all(ids.map((i) => g(i)));\n</script>\n";
  const auto got = findings("App.vue", vue, SourceKind::vue);
  EXPECT_NE(std::find(got.begin(), got.end(), "5:7 unbounded-promise-all"), got.end())
      << fmt::format("{}", fmt::join(got, "; "));
}

TEST(Reading, NulInsideAStringIsOneCharacter) {
  const std::string text =
      std::string("const sep = \"a\0b\"; // c\0d\n", 26) + "async function f(xs) {\n  await Promise.all(xs.map((x) => g(x)));\n}\n";
  EXPECT_EQ(findings("a.js", text, SourceKind::javascript), std::vector<std::string>{"3:9 unbounded-promise-all"});
}

TEST(Reading, PositionsAreWholeFileLinesAndUtf16Columns) {
  // Non-ASCII markup before the block and inside it: lines count from the
  // file's start, columns in UTF-16 code units (the emoji is two).
  const std::string vue = "<template><p>Grüße 😀</p></template>\n<script setup>\nconst s = '😀'; await Promise.all(ids.map((i) => g(i)));\n</script>\n";
  EXPECT_EQ(findings("App.vue", vue, SourceKind::vue), std::vector<std::string>{"3:23 unbounded-promise-all"});
}

// --- the binary-file policy --------------------------------------------------------

TEST(Binary, NulInATextFileIsNotBinary) {
  EXPECT_FALSE(is_binary("const a = 'x';"));
  EXPECT_FALSE(is_binary(std::string("const a = '\0';\n// more code follows\nconst b = 2;\n", 50)));
}

TEST(Binary, RealBinariesAre) {
  EXPECT_TRUE(is_binary(std::string("\x7f" "ELF\2\1\1\0\0\0\0\0\0\0\0\0", 16)));      // an executable
  EXPECT_TRUE(is_binary(std::string("\0asm\1\0\0\0\1\x07\1`\2\x7f\x7f\1\x7f", 17)));  // WebAssembly
  EXPECT_TRUE(is_binary(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));           // an image
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("const a = 1;\n")) utf16 += std::string{c, '\0'};
  EXPECT_TRUE(is_binary(utf16));  // UTF-16 text: not something the grammars read
}

}  // namespace
}  // namespace fanout
