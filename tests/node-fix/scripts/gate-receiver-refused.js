// expect: unchanged
// Gate, the receiver is an array: collections with a `map` of their own are
// never rewritten (a jQuery-style object passes (index, element) and drops
// null results; an Immutable-style List passes (value, key, list)), nor is a
// receiver of unknown origin in a file that uses them.
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

// Minimal jQuery: `$(selector).map((index, element) => ...)`, iterable.
function $(selector) {
  const elements = Array.from({ length: 20 }, (_, i) => ({ id: `${selector}${i}` }));
  return {
    map(fn) {
      const out = [];
      elements.forEach((el, i) => {
        const v = fn(i, el);
        if (v != null) out.push(v);
      });
      return out;
    },
  };
}

function List(values) {
  return { map: (fn) => values.map((v, k) => fn(v, k, values)) };
}

async function fromCaller(rows) {
  return Promise.all(rows.map((index, row) => work(`${index}/${row}`)));
}

async function main() {
  const rows = await Promise.all($('.row').map((index, row) => work(row.id)));
  const list = await Promise.all(List(Array.from({ length: 20 }, (_, i) => i)).map((v, k) => work(v * 10 + k)));
  const called = await fromCaller(Array.from({ length: 20 }, (_, i) => `r${i}`));
  console.log(JSON.stringify({ results: [rows, list, called], maxInFlight }));
}

main();
