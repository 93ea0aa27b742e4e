// expect: rewritten
// Gate, names: the file binds bluebird as `P`; where a local `P` hides it the
// rewrite adds a binding of its own, and a local `results` or `pMap` never
// captures what the rewrite writes.
'use strict';

const P = require('bluebird');

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await P.delay(1 + (x % 3));
    return `w${x}`;
  } finally {
    inFlight -= 1;
  }
}

async function plain(ids) {
  const out = await Promise.all(ids.map((id) => work(id)));
  return out;
}

const labels = [];
async function hidden(ids) {
  const P = { label: 'local' };
  const pMap = new Map([['k', 1]]);
  const results = [P.label, pMap.size];
  labels.push(...results);
  return Promise.all(ids.map((id) => work(id + 50)));
}

async function main() {
  const ids = Array.from({ length: 20 }, (_, i) => i);
  console.log(JSON.stringify({ results: [await plain(ids), await hidden(ids), labels], maxInFlight }));
}

main();
