// A real LSP client for the tests and the benchmark: vscode-jsonrpc and
// vscode-languageserver-protocol (what VS Code's own client is built on)
// talking to `fanout lsp` over stdio.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FANOUT = process.env.FANOUT_BINARY ?? resolve(here, "../../build/fanout");

/** A temporary folder holding `files` ({relative path: text}); removed by the returned cleanup. */
export function workspace(files = {}) {
  const root = mkdtempSync(join(tmpdir(), "fanout-lsp-"));
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return { root, uri: (path) => pathToFileURL(join(root, path)).href, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** `fanout ARGS` in `cwd`, synchronously. */
export function fanout(args, { cwd, input } = {}) {
  const run = spawnSync(FANOUT, args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 28 });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

export function readText(root, path) {
  return readFileSync(join(root, path), "utf8");
}

/** Applies LSP TextEdits (UTF-16 positions, as JavaScript strings count) to `text`. */
export function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) starts.push(i + 1);
  }
  const offset = ({ line, character }) => (line < starts.length ? starts[line] + character : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}

/** The edits of a WorkspaceEdit for one document, in either shape. */
export function editsFor(edit, uri) {
  if (edit.documentChanges) return edit.documentChanges.filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits);
  return edit.changes?.[uri] ?? [];
}

/**
 * Starts `fanout lsp` in `root` and initializes it. `capabilities` are the
 * client's; `handlers` answer requests from the server (method -> function).
 */
export async function startServer({ root, capabilities = {}, initializationOptions, handlers = {} } = {}) {
  const proc = spawn(FANOUT, ["lsp", "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((done) => proc.on("exit", (code, signal) => done({ code, signal })));
  const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = [];  // every publishDiagnostics, in order
  let listeners = [];
  connection.onNotification("textDocument/publishDiagnostics", (params) => {
    published.push(params);
    listeners = listeners.filter((listener) => !listener(params));
  });
  for (const [method, handler] of Object.entries(handlers)) connection.onRequest(method, handler);
  connection.onError(([error]) => {
    stderr += `client saw a protocol error: ${error}\n`;
  });
  connection.listen();
  const init = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: root ? pathToFileURL(root).href : null,
    workspaceFolders: root ? [{ uri: pathToFileURL(root).href, name: "test" }] : null,
    capabilities,
    initializationOptions,
  });
  await connection.sendNotification("initialized", {});

  const server = {
    proc,
    connection,
    init,
    exited,
    published,
    stderr: () => stderr,
    /** The next publish for `uri` that `accept` accepts (call before causing it). */
    next(uri, accept = () => true, timeout = 20000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} in ${timeout} ms; stderr:\n${stderr}`)), timeout);
        listeners.push((params) => {
          if (params.uri !== uri || !accept(params)) return false;
          clearTimeout(timer);
          resolve(params);
          return true;
        });
      });
    },
    open(uri, text, { languageId = "javascript", version = 1 } = {}) {
      const next = server.next(uri, (p) => p.version === version);
      connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
      return next;
    },
    change(uri, version, contentChanges) {
      const next = server.next(uri, (p) => p.version === version);
      connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
      return next;
    },
    async stop() {
      await connection.sendRequest("shutdown");
      connection.sendNotification("exit");
      const result = await exited;
      connection.dispose();
      return result;
    },
  };
  return server;
}

export const Severity = { error: 1, warning: 2, note: 3 };

/** About 8 MB with one fan-out: parsing it takes long enough for a newer message to overtake it. */
export function bigText() {
  let text = "await Promise.all(rows.map((r) => db.save(r)));\n";
  for (let i = 0; i < 200000; i++) text += `export const value${i} = { id: ${i} };\n`;
  return text;
}
