// Shapes the rewrites cover in a CommonJS file: a declared result, an index
// parameter, a discarded result and a returned one.
'use strict';

const path = require('node:path');
const { readFile } = require('node:fs/promises'); // file access
const store = require('./store');

async function loadAll(files) {
  const contents = [];
  for (const file of files) {
    contents.push(await readFile(path.join('data', file), 'utf8'));
  }
  return contents;
}

async function numbered(lines) {
  const out = [];
  for (const [i, line] of lines.entries()) {
    out.push(await store.write(`${i + 1}: ${line}`));
  }
  return out.join('\n');
}

async function touchAll(files) {
  for (const file of files) {
    await readFile(file);
  }
  return files.length;
}

async function sizes(files) {
  const results = [];
  for (const file of files) {
    const body = await readFile(file, 'utf8');
    results.push(body.length);
  }
  return results;
}

module.exports = { loadAll, numbered, touchAll, sizes };
