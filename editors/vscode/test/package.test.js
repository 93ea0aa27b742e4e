// `vsce package` builds the extension: the .vsix holds the manifest, the
// code and the language client it needs at run time.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const extension = path.resolve(__dirname, "..");

test("vsce packages the extension with its runtime dependency", (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "fanout-vsix-"));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const vsix = path.join(out, "fanout.vsix");
  const vsce = path.join(extension, "node_modules", "@vscode", "vsce", "vsce");
  assert.ok(fs.existsSync(vsce), "run `npm ci` in editors/vscode (scripts/bootstrap.sh --tests does)");
  execFileSync(process.execPath, [vsce, "package", "--skip-license", "--out", vsix], { cwd: extension, stdio: "pipe" });
  const bytes = fs.readFileSync(vsix);
  assert.equal(bytes.subarray(0, 2).toString(), "PK", "a zip archive");
  // Zip entries' names are stored as plain text in the archive's directory.
  const names = bytes.toString("latin1");
  for (const entry of [
    "extension/package.json",
    "extension/extension.js",
    "extension/server-path.js",
    "extension/node_modules/vscode-languageclient/package.json",
  ]) {
    assert.ok(names.includes(entry), `${entry} is packaged`);
  }
  assert.ok(!names.includes("extension/test/"), "tests are left out");
  assert.ok(!names.includes("node_modules/@vscode/vsce"), "the packager is left out");
});
