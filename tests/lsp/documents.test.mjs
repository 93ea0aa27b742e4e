// Diagnostics on open, change (incremental sync), save and close: the same
// findings, severities, codes and related locations as `fanout check` prints
// for the file, under the configuration that applies to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bigText, fanout, startServer, workspace, readText, Severity } from "./client.mjs";

const FANOUT = `export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
`;
const MIXED = `export async function purge(ids, orders) {
  const deletions = [];
  for (const id of ids) {
    deletions.push(search.remove(id));
  }
  await Promise.allSettled(deletions);
  orders.forEach(async (order) => {
    await db.save(order);
  });
  const [user, quota] = await Promise.all([db.user(1), db.quota(1)]);
  return user && quota;
}
`;
const CONFIG = `{
  // async-foreach is a warning here, and legacy code only gets notes
  "rules": { "async-foreach": "warn" },
  "overrides": [{ "files": ["legacy/**"], "rules": { "unbounded-promise-all": "info" } }]
}
`;

const sarifSeverity = { error: Severity.error, warning: Severity.warning, note: Severity.note };

function assertSameAsCheck(diagnostics, root, path) {
  const sarif = JSON.parse(fanout(["check", path, "--format", "sarif"], { cwd: root }).out);
  const results = sarif.runs[0].results;
  assert.ok(results.length > 0, "the file has findings");
  assert.equal(diagnostics.length, results.length, JSON.stringify(diagnostics, null, 1));
  for (const [i, result] of results.entries()) {
    const d = diagnostics[i];
    const region = result.locations[0].physicalLocation.region;
    assert.equal(d.code, result.ruleId);
    assert.equal(d.source, "fanout");
    assert.equal(d.severity, sarifSeverity[result.level], `${d.code} severity`);
    assert.equal(d.message, result.message.text);
    assert.deepEqual(d.range, {
      start: { line: region.startLine - 1, character: region.startColumn - 1 },
      end: { line: region.endLine - 1, character: region.endColumn - 1 },
    });
    assert.match(d.codeDescription.href, new RegExp(`/rules/${result.ruleId}/README\\.md$`));
    const related = result.relatedLocations ?? [];
    assert.equal((d.relatedInformation ?? []).length, related.length, `${d.code} related locations`);
    for (const [k, location] of related.entries()) {
      const r = location.physicalLocation.region;
      assert.equal(d.relatedInformation[k].message, location.message.text);
      assert.deepEqual(d.relatedInformation[k].location.range.start, { line: r.startLine - 1, character: r.startColumn - 1 });
    }
  }
}

test("didOpen publishes what `fanout check` reports, under the file's configuration", async (t) => {
  const ws = workspace({ "fanout.jsonc": CONFIG, "src/purge.js": MIXED, "legacy/run.ts": FANOUT });
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  for (const path of ["src/purge.js", "legacy/run.ts"]) {
    const published = await server.open(ws.uri(path), readText(ws.root, path));
    assertSameAsCheck(published.diagnostics, ws.root, path);
  }
  const purge = server.published.find((p) => p.uri === ws.uri("src/purge.js")).diagnostics;
  assert.deepEqual(purge.map((d) => [d.code, d.severity]), [
    ["unbounded-promise-all", Severity.error],
    ["async-foreach", Severity.warning],
  ]);
  assert.ok(purge[0].relatedInformation[0].message.includes("deletions"), "the `push` inside the loop is a related location");
  assert.equal(server.published.at(-1).diagnostics[0].severity, Severity.note, "legacy/** gets notes");
  assert.equal((await server.stop()).code, 0);
});

test("didChange with incremental ranges: findings follow the edits, in UTF-16 columns", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("src/edit.ts");
  const clean = "export async function run(items: string[]) {\n  return items.length;\n}\n";
  assert.deepEqual((await server.open(uri, clean, { languageId: "typescript" })).diagnostics, []);

  // Typing a fan-out after two emoji (two UTF-16 units each) on the line.
  const line = '  const s = "😀😀"; await Promise.all(items.map(async (x) => work(x)));\n';
  let published = await server.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: line }]);
  assert.equal(published.diagnostics.length, 1);
  assert.deepEqual(published.diagnostics[0].range.start, { line: 1, character: line.indexOf("Promise") });

  // Several changes in one notification, applied in order.
  published = await server.change(uri, 3, [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "// header\n" },
    { range: { start: { line: 2, character: 13 }, end: { line: 2, character: 17 } }, text: "" },  // drop 😀😀
  ]);
  assert.deepEqual(published.diagnostics[0].range.start, { line: 2, character: line.indexOf("Promise") - 4 });

  // Deleting the line takes the finding away.
  published = await server.change(uri, 4, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: "" }]);
  assert.deepEqual(published.diagnostics, []);
  await server.stop();
});

test("after many incremental edits the findings equal a fresh open of the same text", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("a.js");
  let text = MIXED;
  await server.open(uri, text);
  const pieces = ["x", "\n", "await Promise.all(rows.map((r) => db.save(r)));\n", "é", "(", "}", "items.forEach(async (i) => { await f(i); });\n"];
  let seed = 7;
  const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  let published;
  for (let version = 2; version <= 60; version++) {
    const lines = text.split("\n");
    const line = random(lines.length);
    const character = random(lines[line].length + 1);
    const removed = Math.min(random(6), lines[line].length - character);
    const inserted = pieces[random(pieces.length)];
    const range = { start: { line, character }, end: { line, character: character + removed } };
    lines[line] = lines[line].slice(0, character) + inserted + lines[line].slice(character + removed);
    text = lines.join("\n");
    published = await server.change(uri, version, [{ range, text: inserted }]);
  }
  const fresh = await server.open(ws.uri("b.js"), text);
  const strip = (ds) => ds.map(({ relatedInformation, ...d }) => ({ ...d, related: (relatedInformation ?? []).map((r) => [r.message, r.location.range]) }));
  assert.deepEqual(strip(published.diagnostics), strip(fresh.diagnostics));
  assert.ok(fresh.diagnostics.length > 2, "the edits left findings to compare");
  await server.stop();
});

test("didSave publishes again and didClose clears the file's findings", async (t) => {
  const ws = workspace({ "a.js": FANOUT });
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("a.js");
  const opened = await server.open(uri, FANOUT);
  const saved = server.next(uri);
  server.connection.sendNotification("textDocument/didSave", { textDocument: { uri } });
  assert.deepEqual((await saved).diagnostics, opened.diagnostics);
  const closed = server.next(uri);
  server.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  assert.deepEqual((await closed).diagnostics, []);
  await server.stop();
});

test("a newer change cancels the analysis of an older version: only the newest is published", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const uri = ws.uri("big.js");
  const big = bigText();
  const newest = server.next(uri, (p) => p.version === 2);
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "javascript", version: 1, text: big } });
  server.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: FANOUT }],
  });
  assert.equal((await newest).diagnostics.length, 1);
  await new Promise((done) => setTimeout(done, 300));
  assert.deepEqual(server.published.filter((p) => p.uri === uri).map((p) => p.version), [2]);
  await server.stop();
});
