// Configuration: files on disk (fanout.jsonc, package.json, the baseline)
// refresh open documents when the client reports them changed, and `strict`
// is a setting (initializationOptions, pushed or pulled configuration).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startServer, workspace, write, Severity } from "./client.mjs";

const FANOUT = `export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
`;
// Only --strict reports a collection of unknown origin.
const UNKNOWN = `const registry = require('./registry');
export async function drain() {
  await Promise.all(registry.pending);
}
`;

function watchedFilesChanged(server, ws, path, type = 2) {
  server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: ws.uri(path), type }] });
}

test("a changed fanout.jsonc refreshes open documents (didChangeWatchedFiles)", async (t) => {
  const ws = workspace({ "fanout.jsonc": "{}\n" });
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("src/a.js");
  assert.equal((await server.open(uri, FANOUT)).diagnostics[0].severity, Severity.error);

  write(ws.root, "fanout.jsonc", '{ "rules": { "unbounded-promise-all": "warn" } }\n');
  let next = server.next(uri);
  watchedFilesChanged(server, ws, "fanout.jsonc");
  assert.equal((await next).diagnostics[0].severity, Severity.warning);

  write(ws.root, "fanout.jsonc", '{ "ignorePatterns": ["src/**"] }\n');
  next = server.next(uri);
  watchedFilesChanged(server, ws, "fanout.jsonc");
  assert.deepEqual((await next).diagnostics, []);

  // A broken configuration is shown on the document, as `check` would stop on it.
  write(ws.root, "fanout.jsonc", '{ "rules": { "no-such-rule": "warn" } }\n');
  next = server.next(uri);
  watchedFilesChanged(server, ws, "fanout.jsonc");
  const broken = (await next).diagnostics;
  assert.equal(broken.length, 1);
  assert.equal(broken[0].code, "configuration");
  assert.match(broken[0].message, /no-such-rule/);
  await server.stop();
});

test("package.json's fanout key and the baseline file apply, and their changes refresh", async (t) => {
  const ws = workspace({ "package.json": '{ "name": "app", "fanout": { "rules": { "unbounded-promise-all": "info" } } }\n' });
  t.after(ws.cleanup);
  mkdirSync(join(ws.root, ".git"));  // the baseline lives at the repository root
  write(ws.root, "fanout-suppressions.json", '{ "src/a.js": { "unbounded-promise-all": { "count": 1 } } }\n');
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("src/a.js");
  assert.deepEqual((await server.open(uri, FANOUT)).diagnostics, [], "the baseline hides the recorded finding");

  rmSync(join(ws.root, "fanout-suppressions.json"));
  const next = server.next(uri);
  watchedFilesChanged(server, ws, "fanout-suppressions.json", 3);
  const shown = (await next).diagnostics;
  assert.equal(shown.length, 1);
  assert.equal(shown[0].severity, Severity.note, "from package.json's fanout key");
  await server.stop();
});

test("strict from initializationOptions, and from a pushed didChangeConfiguration", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const strict = await startServer({ root: ws.root, initializationOptions: { strict: true } });
  const uri = ws.uri("drain.js");
  const found = (await strict.open(uri, UNKNOWN)).diagnostics;
  assert.deepEqual(found.map((d) => [d.code, d.severity]), [["unknown-collection", Severity.note]]);
  await strict.stop();

  const server = await startServer({ root: ws.root });
  assert.deepEqual((await server.open(uri, UNKNOWN)).diagnostics, []);
  let next = server.next(uri);
  server.connection.sendNotification("workspace/didChangeConfiguration", { settings: { fanout: { strict: true } } });
  assert.equal((await next).diagnostics.length, 1);
  next = server.next(uri);
  server.connection.sendNotification("workspace/didChangeConfiguration", { settings: { fanout: { strict: false } } });
  assert.deepEqual((await next).diagnostics, []);
  await server.stop();
});

test("a client with workspace/configuration is asked for the settings; watchers are registered", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  let strict = true;
  const asked = [];
  const registered = [];
  const server = await startServer({
    root: ws.root,
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    handlers: {
      "workspace/configuration": (params) => {
        asked.push(params.items.map((i) => i.section));
        return [{ strict }];
      },
      "client/registerCapability": (params) => {
        registered.push(...params.registrations);
        return null;
      },
    },
  });
  const uri = ws.uri("drain.js");
  const first = await server.open(uri, UNKNOWN);
  // The pulled settings may land before or after the first analysis.
  if (first.diagnostics.length === 0) await server.next(uri, (p) => p.diagnostics.length === 1);
  assert.deepEqual(asked[0], ["fanout"]);
  strict = false;
  const next = server.next(uri);
  server.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  assert.deepEqual((await next).diagnostics, []);
  assert.equal(registered[0].method, "workspace/didChangeWatchedFiles");
  const globs = registered[0].registerOptions.watchers.map((w) => w.globPattern);
  for (const name of ["fanout.jsonc", "fanout.json", "package.json", "fanout-suppressions.json"]) {
    assert.ok(globs.includes(`**/${name}`), name);
  }
  await server.stop();
});
