// expect: rewritten
// rewritten: auto bluebird p-map for-of
// Gate, names: the custom style's callee `PromiseUtils.mapSeries` is hidden by
// a local `PromiseUtils` at this site, so `--fix-style custom` leaves it; the
// other styles bring names of their own.
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

async function main() {
  const PromiseUtils = { mapSeries: () => ['not the team helper'] };
  const ids = Array.from({ length: 20 }, (_, i) => i);
  const out = await Promise.all(ids.map((id) => work(id)));
  console.log(JSON.stringify({ results: [out, PromiseUtils.mapSeries()], maxInFlight }));
}

main();
