#!/usr/bin/env node
// Language-server latency on a 5,000-line file: the time from a didChange to
// the publishDiagnostics for that version (median and p95 over many edits),
// and from didOpen to the first publishDiagnostics in a fresh server (cold).
//
// Usage: node bench/lsp-latency.mjs [--edits N] [--opens N] [--pause MS]
//   FANOUT_BINARY overrides build/fanout. Needs tests/lsp's npm packages
//   (scripts/bootstrap.sh --tests). Edits are spaced by --pause (default
//   100 ms, a steady typing pace) so each is analysed at once; a burst of
//   faster edits is debounced by design (the server's debounceMs setting).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { startServer, workspace } from "../tests/lsp/client.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const edits = option("--edits", 300);
const opens = option("--opens", 20);
const pause = option("--pause", 100);

// Service code in the shape of real handlers: queries, maps, loops, some
// fan-outs (findings) and some fixed task lists (not findings).
function serviceFile(lines) {
  const out = ["import pMap from 'p-map';", "import { db } from './db.js';", ""];
  for (let i = 0; out.length < lines - 8; i++) {
    out.push(`export async function loadOrders${i}(ids, options = {}) {`);
    out.push(`  const rows = await db.query('select * from orders where id in (?)', [ids]);`);
    out.push(`  const totals = rows.map((row) => ({ id: row.id, total: row.total * (options.rate ?? 1.2) }));`);
    if (i % 50 === 7) out.push(`  await Promise.all(rows.map((row) => db.audit.insert(row)));`);
    else if (i % 50 === 23) out.push(`  const [user, quota] = await Promise.all([db.users.get(ids[0]), db.quota.get(ids[0])]);`);
    else out.push(`  const seen = new Set(totals.map((t) => t.id));`);
    out.push(`  for (const total of totals) {`, `    if (total.total > 1000) console.warn('large order', total.id);`, `  }`);
    out.push(`  return totals.filter((t) => t.total > 0);`, `}`, ``);
  }
  while (out.length < lines) out.push("");
  return out.join("\n") + "\n";
}

function summary(name, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  console.log(`${name.padEnd(44)} n=${String(sorted.length).padStart(4)}  median ${at(0.5).toFixed(1).padStart(6)} ms  p95 ${at(0.95).toFixed(1).padStart(6)} ms  max ${sorted.at(-1).toFixed(1).padStart(6)} ms`);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
// The server's CPU time (user + system, ms) from /proc: unlike wall time, it
// barely moves when other work competes for the cores.
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;  // clock ticks (USER_HZ = 100)
};
const text = serviceFile(5000);
const ws = workspace({ "src/orders.js": text });
try {
  console.log(`fanout lsp on a ${text.split("\n").length - 1}-line file (${(text.length / 1024).toFixed(0)} KiB); ${edits} edits ${pause} ms apart, ${opens} cold opens`);

  const cold = [];
  for (let i = 0; i < opens; i++) {
    const server = await startServer({ root: ws.root });
    const start = performance.now();
    await server.open(ws.uri("src/orders.js"), text);
    cold.push(performance.now() - start);
    await server.stop();
  }

  const server = await startServer({ root: ws.root });
  const uri = ws.uri("src/orders.js");
  const opened = await server.open(uri, text);
  const findings = opened.diagnostics.length;
  const lines = text.split("\n");
  const middle = (pattern) => lines.map((l, i) => (l.includes(pattern) && i >= 2000 && i < 3000 ? i : -1)).filter((i) => i >= 0);
  // Typing in the middle of the file: a letter into an identifier, then
  // deleting it, so the text stays valid and the findings stay the same.
  const totals = middle("const totals = ");
  const valid = [];
  let version = 1;
  const cpuBefore = cpuMs(server.proc.pid);
  for (let i = 0; i < edits; i++) {
    const line = totals[Math.floor(i / 2) % totals.length];
    const character = lines[line].indexOf("totals") + 3;
    const insert = i % 2 === 0;
    const range = { start: { line, character }, end: { line, character: insert ? character : character + 1 } };
    await sleep(pause);
    const start = performance.now();
    const published = await server.change(uri, ++version, [{ range, text: insert ? "x" : "" }]);
    valid.push(performance.now() - start);
    if (published.diagnostics.length !== findings) throw new Error("the findings changed");
  }
  const cpuPerChange = (cpuMs(server.proc.pid) - cpuBefore) / edits;
  // Typing that leaves the text broken for a moment (an open parenthesis):
  // such a text is parsed afresh (see src/syntax/document_tree.hpp).
  const loops = middle("for (const total of totals)");
  const broken = [];
  for (let i = 0; i < Math.min(edits, 60); i++) {
    const line = loops[Math.floor(i / 2) % loops.length];
    const insert = i % 2 === 0;
    const range = { start: { line, character: 2 }, end: { line, character: insert ? 2 : 3 } };
    await sleep(pause);
    const start = performance.now();
    await server.change(uri, ++version, [{ range, text: insert ? "(" : "" }]);
    broken.push(performance.now() - start);
  }
  await server.stop();

  console.log(`findings in the file: ${findings}`);
  summary("didChange -> publishDiagnostics (valid text)", valid);
  summary("didChange -> publishDiagnostics (syntax error)", broken);
  summary("didOpen -> publishDiagnostics (cold server)", cold);
  console.log(`server CPU per valid change: ${cpuPerChange.toFixed(1)} ms; load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  ws.cleanup();
}
