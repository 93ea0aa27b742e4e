// The extension finds `fanout` from the setting, then the workspace's npm
// package, then PATH.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { findServer } = require("../server-path");

function tree(t) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fanout-vscode-"));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const executable = (relative, mode = 0o755) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "#!/bin/sh\n");
    fs.chmodSync(file, mode);
    return file;
  };
  return { root, executable };
}

test("the setting wins, relative to the first workspace folder", (t) => {
  const { root, executable } = tree(t);
  const mine = executable("tools/fanout");
  executable("project/node_modules/.bin/fanout");
  const bin = path.dirname(executable("bin/fanout"));
  const folders = [path.join(root, "project")];
  assert.deepEqual(findServer({ setting: mine, folders, pathVariable: bin }), { command: mine, from: "the fanout.path setting" });
  assert.equal(findServer({ setting: "../tools/fanout", folders, pathVariable: bin }).command, mine);
  // A setting naming nothing runnable is not silently replaced by another binary.
  assert.equal(findServer({ setting: path.join(root, "missing"), folders, pathVariable: bin }), undefined);
});

test("then the workspace's npm package, then PATH", (t) => {
  const { root, executable } = tree(t);
  const local = executable("b/node_modules/.bin/fanout");
  const onPath = executable("bin/fanout");
  const pathVariable = ["", path.join(root, "empty"), path.dirname(onPath)].join(path.delimiter);
  const folders = [path.join(root, "a"), path.join(root, "b")];
  assert.deepEqual(findServer({ folders, pathVariable }), { command: local, from: "the workspace's npm package" });
  assert.deepEqual(findServer({ folders: [path.join(root, "a")], pathVariable }), { command: onPath, from: "PATH" });
  executable("c/node_modules/.bin/fanout", 0o644);  // not executable: skipped
  assert.equal(findServer({ folders: [path.join(root, "c")], pathVariable: "" }), undefined);
});
