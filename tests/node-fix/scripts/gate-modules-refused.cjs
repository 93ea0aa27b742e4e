// expect: rewritten
// rewritten: auto bluebird for-of
// package.json: {"type": "module", "dependencies": {"p-map": "^7.0.0"}}
// custom-lib: esm
// Gate, modules: p-map 7 (declared) and the team's helper are ES modules,
// which this CommonJS file cannot require: p-map and custom leave it, auto
// picks a loop.
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
  const ids = Array.from({ length: 22 }, (_, i) => i);
  const results = await Promise.all(ids.map((id) => work(id)));
  console.log(JSON.stringify({ results, maxInFlight }));
}

main();
