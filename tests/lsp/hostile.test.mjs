// Hostile input never crashes the server or corrupts its output: bad framing,
// invalid JSON and JSON-RPC, unknown methods, malformed params, huge and
// binary documents. Frames are written raw; replies are read with
// vscode-jsonrpc's reader, which would report a corrupt stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { StreamMessageReader } from "vscode-jsonrpc/node.js";
import { bigText, FANOUT, workspace } from "./client.mjs";

function rawServer(root) {
  const proc = spawn(FANOUT, ["lsp"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((done) => proc.on("exit", (code, signal) => done({ code, signal })));
  const reader = new StreamMessageReader(proc.stdout);
  const received = [];
  let waiting = [];
  const streamErrors = [];
  reader.onError((error) => streamErrors.push(error));
  reader.listen((message) => {
    received.push(message);
    waiting = waiting.filter((w) => !w(message));
  });
  const server = {
    proc,
    exited,
    received,
    streamErrors,
    stderr: () => stderr,
    bytes(data) {
      proc.stdin.write(data);
    },
    frame(body) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
      proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]));
    },
    send(message) {
      server.frame(JSON.stringify({ jsonrpc: "2.0", ...message }));
    },
    wait(accept, timeout = 20000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; stderr:\n${stderr}`)), timeout);
        waiting.push((message) => {
          if (!accept(message)) return false;
          clearTimeout(timer);
          resolve(message);
          return true;
        });
      });
    },
    reply(id) {
      return server.wait((m) => m.id === id && ("result" in m || "error" in m));
    },
    async initialize() {
      const reply = server.reply("init");
      server.send({ id: "init", method: "initialize", params: { capabilities: {} } });
      await reply;
      server.send({ method: "initialized", params: {} });
    },
    publish(uri) {
      return server.wait((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri);
    },
  };
  return server;
}

const FANOUT_TEXT = "export async function run(items) {\n  await Promise.all(items.map(async (x) => work(x)));\n}\n";

test("bad framing, JSON and JSON-RPC get errors and the session goes on", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = rawServer(ws.root);
  const uri = ws.uri("a.js");
  const errorOf = async (promise) => (await promise).error.code;

  let reply = server.reply(1);
  server.send({ id: 1, method: "textDocument/hover", params: { textDocument: { uri }, position: { line: 0, character: 0 } } });
  assert.equal(await errorOf(reply), -32002, "ServerNotInitialized");
  reply = server.reply(2);
  server.send({ id: 2, method: "initialize", params: { capabilities: {} } });
  assert.ok((await reply).result.capabilities);
  server.send({ method: "initialized", params: {} });

  const nullId = () => server.wait((m) => m.id === null);
  reply = nullId();
  server.frame("{oops");
  assert.equal(await errorOf(reply), -32700, "ParseError");
  reply = nullId();
  server.frame(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));  // {"a":"\xff\xfe"}
  assert.equal(await errorOf(reply), -32700, "invalid UTF-8 is a ParseError");
  reply = nullId();
  server.frame("[1, 2]");
  assert.equal(await errorOf(reply), -32600, "InvalidRequest");
  reply = nullId();
  server.send({ id: { nested: true }, method: "shutdown" });
  assert.equal(await errorOf(reply), -32600, "an object is no request id");
  reply = nullId();
  server.frame("[".repeat(200000) + "]".repeat(200000));
  assert.equal(await errorOf(reply), -32600, "deep nesting is just an invalid request");

  reply = server.reply(3);
  server.send({ id: 3, method: "fanout/noSuchMethod", params: {} });
  assert.equal(await errorOf(reply), -32601, "MethodNotFound");
  server.send({ method: "fanout/noSuchNotification", params: {} });  // ignored, no reply
  reply = server.reply(4);
  server.send({ id: 4, method: "textDocument/hover", params: { textDocument: { uri } } });
  assert.equal(await errorOf(reply), -32602, "InvalidParams");
  reply = server.reply(5);
  server.send({ id: 5, method: "initialize", params: {} });
  assert.equal(await errorOf(reply), -32600, "initialize twice");

  // Framing garbage: a header that is not a number, lines without a colon, stray blank lines.
  server.bytes("Content-Length: abc\r\n\r\nnot json at all\r\n\r\n\r\njunk line\n");
  // Changes for a document never opened, and malformed ones, are dropped.
  server.send({ method: "textDocument/didChange", params: { textDocument: { uri: ws.uri("never.js"), version: 2 }, contentChanges: [{ text: "x" }] } });

  let published = server.publish(uri);
  server.send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "javascript", version: 1, text: FANOUT_TEXT } } });
  assert.equal((await published).params.diagnostics.length, 1);
  server.send({ method: "textDocument/didChange", params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: "x" }, text: "y" }] } });
  server.send({ method: "textDocument/didChange", params: { textDocument: { uri, version: 3 }, contentChanges: "not a list" } });

  reply = server.reply("string-id");
  server.send({ id: "string-id", method: "textDocument/hover", params: { textDocument: { uri }, position: { line: 1, character: 10 } } });
  assert.match((await reply).result.contents.value, /unbounded-promise-all/, "the document kept its text");

  reply = server.reply(6);
  server.send({ id: 6, method: "shutdown" });
  assert.equal((await reply).result, null);
  reply = server.reply(7);
  server.send({ id: 7, method: "textDocument/hover", params: { textDocument: { uri }, position: { line: 1, character: 10 } } });
  assert.equal(await errorOf(reply), -32600, "nothing after shutdown");
  server.send({ method: "exit" });
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.deepEqual(server.streamErrors, [], "stdout carried only well-formed frames");
  assert.match(server.stderr(), /invalid JSON/, "problems are logged on stderr");
});

test("huge and binary documents get the note `check` prints, and the server stays responsive", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = rawServer(ws.root);
  await server.initialize();
  let reply;

  const huge = ws.uri("huge.js");
  let published = server.publish(huge);
  const text = "await Promise.all(rows.map((r) => db.save(r)));\n".repeat(260000);  // 12.6 MB
  server.send({ method: "textDocument/didOpen", params: { textDocument: { uri: huge, languageId: "javascript", version: 1, text } } });
  let diagnostics = (await published).params.diagnostics;
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, "skipped-file");
  assert.match(diagnostics[0].message, /larger than 10 MiB/);

  const binary = ws.uri("blob.js");
  published = server.publish(binary);
  server.send({ method: "textDocument/didOpen", params: { textDocument: { uri: binary, languageId: "javascript", version: 1, text: "\u007fELF\u0000\u0001\u0002await Promise.all(x)" } } });
  diagnostics = (await published).params.diagnostics;
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [["skipped-file", 3]]);
  assert.match(diagnostics[0].message, /binary/);

  // Garbage as JavaScript is a syntax error note, not a crash.
  const noise = ws.uri("noise.ts");
  published = server.publish(noise);
  let junk = "";
  for (let i = 0; i < 20000; i++) junk += String.fromCharCode(1 + ((i * 7919) % 0xd7ff));
  server.send({ method: "textDocument/didOpen", params: { textDocument: { uri: noise, languageId: "typescript", version: 1, text: `Promise.all(${junk}` } } });
  await published;

  reply = server.reply(2);
  server.send({ id: 2, method: "textDocument/hover", params: { textDocument: { uri: huge }, position: { line: 0, character: 0 } } });
  assert.match((await reply).result.contents.value, /skipped-file/);
  reply = server.reply(3);
  server.send({ id: 3, method: "shutdown" });
  await reply;
  server.send({ method: "exit" });
  assert.equal((await server.exited).code, 0);
  assert.deepEqual(server.streamErrors, []);
});

test("a request is cancelled by $/cancelRequest while it waits for its document's analysis", async (t) => {
  const ws = workspace();
  t.after(ws.cleanup);
  const server = rawServer(ws.root);
  await server.initialize();
  let reply;
  const uri = ws.uri("big.js");
  const text = bigText();
  server.send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "javascript", version: 1, text } } });
  reply = server.reply(2);
  server.send({ id: 2, method: "textDocument/codeAction", params: { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } } });
  server.send({ method: "$/cancelRequest", params: { id: 2 } });
  assert.equal((await reply).error.code, -32800, "RequestCancelled");
  // Cancelling what is answered already, or was never asked, changes nothing.
  server.send({ method: "$/cancelRequest", params: { id: 99 } });
  reply = server.reply(3);
  server.send({ id: 3, method: "shutdown" });
  await reply;
  server.send({ method: "exit" });
  assert.equal((await server.exited).code, 0);
});
