// expect: rewritten
// package.json: {"type": "module"}
// Gate, modules: a `.cjs` file is CommonJS whatever package.json says.
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
