// expect: rewritten
// Gate, the sink and its result: `Promise.all` awaited or returned is
// rewritten in every style (an arrow's result: gate-sink-arrow.js).
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (x % 3)));
    return `w${x}`;
  } finally {
    inFlight -= 1;
  }
}

async function awaited(ids) {
  const out = await Promise.all(ids.map((id) => work(id)));
  return out;
}

async function returned(ids) {
  return Promise.all(ids.map(async (id) => {
    const w = await work(id);
    return w.toUpperCase();
  }));
}

async function main() {
  const ids = Array.from({ length: 24 }, (_, i) => i);
  const results = [...(await awaited(ids)), ...(await returned(ids))];
  console.log(JSON.stringify({ results, maxInFlight }));
}

main();
