// Reads a fanout XML report back the way CI services' consumers do, and
// prints what they saw as JSON, for the C++ tests to compare.
// Usage: node read-report.mjs junit FILE
//        node read-report.mjs checkstyle FILE ROOT
// First xmllint (libxml2, as strict as the Java and Ruby parsers of Jenkins
// and GitLab) checks that FILE is well-formed XML 1.0; then
// - junit: junit2json parses it (the object it returns is printed);
// - checkstyle: danger-plugin-lint-report runs as in a Danger pull-request
//   check, posting an inline comment per violation (the comments are printed).
// Exit 0 when read, 1 when a consumer rejects the file, 2 on usage or I/O errors.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { validateXML } from "xmllint-wasm";
import { parse as parseJunit } from "junit2json";

const [kind, file, root] = process.argv.slice(2);
if (!["junit", "checkstyle"].includes(kind) || !file || (kind === "checkstyle" && !root)) {
  console.error("usage: node read-report.mjs junit FILE | checkstyle FILE ROOT");
  process.exit(2);
}

let xml;
try {
  xml = readFileSync(file, "utf8");
} catch (error) {
  console.error(`cannot read ${file}: ${error.message}`);
  process.exit(2);
}

const wellFormed = await validateXML({ xml: [{ fileName: file, contents: xml }] });
if (!wellFormed.valid) {
  console.error(`${file}: not well-formed XML:\n${wellFormed.rawOutput}`);
  process.exit(1);
}

if (kind === "junit") {
  const report = await parseJunit(xml);
  if (!report) {
    console.error(`${file}: junit2json found no test suites`);
    process.exit(1);
  }
  console.log(JSON.stringify(report));
} else {
  // Danger's globals, as a Dangerfile sees them: no git object means every
  // file counts as changed; fail/warn/message post the comments.
  const comments = [];
  const post = (severity) => (message, file, line) => comments.push({ severity, message, file, line });
  globalThis.danger = { git: undefined };
  globalThis.fail = post("fail");
  globalThis.warn = post("warn");
  globalThis.message = post("message");
  const require = createRequire(import.meta.url);
  const plugin = require("danger-plugin-lint-report");
  try {
    await plugin.scan({ fileMask: file, reportSeverity: true, requireLineModification: false, projectRoot: root });
  } catch (error) {
    console.error(`${file}: danger-plugin-lint-report failed: ${error.message}`);
    process.exit(1);
  }
  console.log(JSON.stringify(comments));
}
