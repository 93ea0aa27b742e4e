// expect: rewritten
// Gate, the receiver is an array: this file also uses a wrapper with a `map`
// of its own (`_`), so only receivers shown to be Arrays are rewritten:
// Object.keys, String#split, Array.from, an array literal.
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (String(x).length % 3)));
    return `w:${x}`;
  } finally {
    inFlight -= 1;
  }
}

// A lodash-style wrapper: `_(list).map(fn)` passes (value, index, collection).
function _(list) {
  return { map: (fn) => list.map((value, index) => fn(value, index, list)), value: () => list };
}

async function main() {
  const cache = Object.fromEntries(Array.from({ length: 20 }, (_unused, i) => [`k${i}`, i]));
  const keys = await Promise.all(Object.keys(cache).map((key) => work(key)));
  const csv = Array.from({ length: 20 }, (_unused, i) => `c${i}`).join(',');
  const parts = await Promise.all(csv.split(',').map(async (part) => work(part)));
  const made = await Promise.all(Array.from({ length: 20 }, (_unused, i) => i).map((i) => work(i)));
  const names = _(['a', 'b']).value();
  console.log(JSON.stringify({ results: [keys, parts, made, names], maxInFlight }));
}

main();
