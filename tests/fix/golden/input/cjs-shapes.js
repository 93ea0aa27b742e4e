// Shapes the rewrites cover in a CommonJS file: a declared result, an index
// parameter, a discarded result and a returned one.
'use strict';

const path = require('node:path');
const { readFile } = require('node:fs/promises'); // file access
const store = require('./store');

async function loadAll(files) {
  const contents = await Promise.all(files.map((file) => readFile(path.join('data', file), 'utf8')));
  return contents;
}

async function numbered(lines) {
  const out = await Promise.all(lines.map(async (line, i) => store.write(`${i + 1}: ${line}`)));
  return out.join('\n');
}

async function touchAll(files) {
  await Promise.all(files.map((file) => readFile(file)));
  return files.length;
}

async function sizes(files) {
  return Promise.all(files.map(async (file) => {
    const body = await readFile(file, 'utf8');
    return body.length;
  }));
}

module.exports = { loadAll, numbered, touchAll, sizes };
