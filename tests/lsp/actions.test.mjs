// Code actions and hover: the quick fix exactly when `--fix` would apply it,
// unsafe rewrites as their own action, the suppression comment, "fix all"
// giving what `check --fix` gives, and the rule's documentation on hover.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEdits, editsFor, fanout, startServer, workspace } from "./client.mjs";

const FANOUT = `export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
`;
// Two rewrites --fix applies, and allSettled, which it cannot.
const SEVERAL = `export async function sync(users, orders, deletions) {
  await Promise.all(users.map((u) => mail.send(u)));
  await Promise.allSettled(deletions.map((d) => search.remove(d)));
  const saved = await Promise.all(orders.map(async (o) => db.save(o)));
  return saved;
}
`;
// The combined promise is chained: the rewrite needs a review (unsafe).
const CHAINED = `export function load(items) {
  return Promise.all(items.map((x) => fetchOne(x))).then((rows) => rows.length);
}
`;

function actionsAt(server, uri, range, only) {
  return server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri },
    range,
    context: { diagnostics: [], ...(only ? { only } : {}) },
  });
}

test("the rewrite is the preferred quick fix, and applying it gives what --fix writes", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("src/run.js");
  const { diagnostics } = await server.open(uri, FANOUT);
  const actions = await actionsAt(server, uri, diagnostics[0].range);
  const quick = actions.filter((a) => a.kind === "quickfix" && a.isPreferred);
  assert.equal(quick.length, 1, JSON.stringify(actions, null, 1));
  // The default style is auto: this file binds no bluebird and no package.json declares p-map.
  assert.match(quick[0].title, /^Fix: await one call at a time in a `for\.\.\.of` loop/);
  assert.deepEqual(quick[0].diagnostics, [diagnostics[0]]);
  const fixed = applyEdits(FANOUT, editsFor(quick[0].edit, uri));
  assert.equal(fixed, fanout(["check", "--stdin", "--stdin-filename", "src/run.js", "--fix"], { cwd: ws.root, input: FANOUT }).out);
  // The fixed text has nothing left to report.
  assert.deepEqual((await server.change(uri, 2, [{ text: fixed }])).diagnostics, []);
  await server.stop();
});

test("an unsafe rewrite is a separate, non-preferred action; no quick fix claims to be --fix's", async (t) => {
  // A loop cannot keep the `.then` chain: the style that can is chosen in the configuration.
  const ws = workspace({ "fanout.jsonc": '{ "fix": { "style": "bluebird" } }' });
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  t.after(() => server.stop().catch(() => {}));
  const uri = ws.uri("load.js");
  const { diagnostics } = await server.open(uri, CHAINED);
  assert.equal(diagnostics.length, 1);
  const actions = await actionsAt(server, uri, diagnostics[0].range);
  assert.equal(actions.filter((a) => a.isPreferred).length, 0);
  const unsafe = actions.filter((a) => a.title.startsWith("Unsafe fix"));
  assert.equal(unsafe.length, 1, JSON.stringify(actions, null, 1));
  assert.match(applyEdits(CHAINED, editsFor(unsafe[0].edit, uri)), /mapSeries|for \(/);
  assert.ok(!actions.some((a) => a.kind === "source.fixAll.fanout"), "--fix changes nothing here");
  await server.stop();
});

test("the suppression comment action silences the finding", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("run.js");
  const { diagnostics } = await server.open(uri, FANOUT);
  const actions = await actionsAt(server, uri, diagnostics[0].range);
  const disable = actions.find((a) => a.title === "Disable unbounded-promise-all for this line");
  assert.ok(disable, JSON.stringify(actions, null, 1));
  const edits = editsFor(disable.edit, uri);
  assert.deepEqual(edits.map((e) => e.newText), ["  // fanout-disable-next-line unbounded-promise-all -- \n"]);
  const silenced = applyEdits(FANOUT, edits).replace("-- \n", "-- the list has at most three items\n");
  assert.deepEqual((await server.change(uri, 2, [{ text: silenced }])).diagnostics, []);
  await server.stop();
});

test("fix all (source.fixAll) gives exactly what `check --fix` gives, and only when asked for", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root, capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
  const uri = ws.uri("sync.ts");
  const { diagnostics } = await server.open(uri, SEVERAL, { languageId: "typescript", version: 5 });
  assert.equal(diagnostics.length, 3);
  const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const fixAll = await actionsAt(server, uri, whole, ["source.fixAll"]);
  assert.deepEqual(fixAll.map((a) => [a.kind, a.title]), [["source.fixAll.fanout", "Fix all safe fan-outs in file"]]);
  assert.equal(fixAll[0].edit.documentChanges[0].textDocument.version, 5, "versioned: a stale edit is refused by the client");
  const expected = fanout(["check", "--stdin", "--stdin-filename", "sync.ts", "--fix"], { cwd: ws.root, input: SEVERAL }).out;
  assert.notEqual(expected, SEVERAL);
  assert.equal(applyEdits(SEVERAL, editsFor(fixAll[0].edit, uri)), expected);
  assert.deepEqual(await actionsAt(server, uri, whole, ["quickfix"]), []);
  // The allSettled finding has no rewrite: only its suppression comment.
  const settled = await actionsAt(server, uri, diagnostics[1].range, ["quickfix"]);
  assert.deepEqual(settled.map((a) => a.title), ["Disable unbounded-promise-all for this line"]);
  await server.stop();
});

test("hover on a finding shows the rule's documentation as `fanout explain` prints it", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("run.js");
  const { diagnostics } = await server.open(uri, FANOUT);
  const hover = await server.connection.sendRequest("textDocument/hover", {
    textDocument: { uri },
    position: { line: 1, character: diagnostics[0].range.start.character + 2 },
  });
  assert.equal(hover.contents.kind, "markdown");
  assert.ok(hover.contents.value.includes(diagnostics[0].message));
  assert.ok(hover.contents.value.includes(fanout(["explain", "unbounded-promise-all"]).out.trim()));
  assert.deepEqual(hover.range, diagnostics[0].range);
  const nothing = await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 3 } });
  assert.equal(nothing, null);
  // A document that is not open has no findings to show.
  const closed = await server.connection.sendRequest("textDocument/hover", { textDocument: { uri: ws.uri("other.js") }, position: { line: 0, character: 0 } });
  assert.equal(closed, null);
  await server.stop();
});
