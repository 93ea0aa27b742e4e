// Shapes the rewrites cover in a CommonJS file: a declared result, an index
// parameter, a discarded result and a returned one.
'use strict';

const path = require('node:path');
const { readFile } = require('node:fs/promises'); // file access
const store = require('./store');
const pMap = require('p-map');

async function loadAll(files) {
  const contents = await pMap(files, (file) => readFile(path.join('data', file), 'utf8'), { concurrency: 8 });
  return contents;
}

async function numbered(lines) {
  const out = await pMap(lines, async (line, i) => store.write(`${i + 1}: ${line}`), { concurrency: 8 });
  return out.join('\n');
}

async function touchAll(files) {
  await pMap(files, (file) => readFile(file), { concurrency: 8 });
  return files.length;
}

async function sizes(files) {
  return pMap(files, async (file) => {
    const body = await readFile(file, 'utf8');
    return body.length;
  }, { concurrency: 8 });
}

module.exports = { loadAll, numbered, touchAll, sizes };
