// expect: rewritten
// package.json: {"name": "no-type"}
// Gate, modules: no "type", and the only ES module syntax is top-level await:
// Node runs this as an ES module, so `require` would not exist.
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

const ids = Array.from({ length: 22 }, (_, i) => i);
const results = await Promise.all(ids.map((id) => work(id)));
console.log(JSON.stringify({ results, maxInFlight }));
