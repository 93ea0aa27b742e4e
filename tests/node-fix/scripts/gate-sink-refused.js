// expect: unchanged
// Gate, the sink and its result: allSettled keeps every outcome, race and any
// settle with the first, and a combined promise kept in a variable is not
// awaited where it is made: none is rewritten.
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function probe(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 2 + ((x * 7) % 11)));
    if (x % 5 === 4) throw new Error(`probe ${x} failed`);
    return `p${x}`;
  } finally {
    inFlight -= 1;
  }
}

async function main() {
  const ids = Array.from({ length: 20 }, (_, i) => i);
  const settled = await Promise.allSettled(ids.map((id) => probe(id)));
  const first = await Promise.race(ids.map((id) => probe(id)));
  const any = await Promise.any(ids.map((id) => probe(id)));
  const later = Promise.all(ids.filter((id) => id % 5 !== 4).map((id) => probe(id)));
  const all = await later;
  const results = [settled.map((s) => s.status), first, any, all];
  console.log(JSON.stringify({ results, maxInFlight }));
}

main();
