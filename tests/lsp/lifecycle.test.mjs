// initialize / shutdown / exit as the protocol specifies them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, workspace } from "./client.mjs";

test("initialize announces incremental sync, code actions and hover; shutdown then exit ends with 0", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = await startServer({ root: ws.root });
  const { capabilities, serverInfo } = server.init;
  assert.equal(serverInfo.name, "fanout");
  assert.equal(capabilities.textDocumentSync.change, 2, "TextDocumentSyncKind.Incremental");
  assert.equal(capabilities.textDocumentSync.openClose, true);
  assert.ok(capabilities.textDocumentSync.save);
  assert.equal(capabilities.hoverProvider, true);
  assert.deepEqual(capabilities.codeActionProvider.codeActionKinds, ["quickfix", "source.fixAll.fanout"]);
  assert.equal(capabilities.positionEncoding, "utf-16");
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  assert.equal(server.published.length, 0);
});

test("exit without shutdown ends with 1, and so does a client that goes away", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const abrupt = await startServer({ root: ws.root });
  abrupt.connection.sendNotification("exit");
  assert.deepEqual(await abrupt.exited, { code: 1, signal: null });
  abrupt.connection.dispose();

  const gone = await startServer({ root: ws.root });
  gone.connection.dispose();
  gone.proc.stdin.end();
  assert.deepEqual(await gone.exited, { code: 1, signal: null });
});
