// expect: rewritten
// rewritten: bluebird p-map custom
// Gate, for...of inlining: `return Promise.all(...)` inside a try hands the
// promise out, so the try does not see its rejection and the finally runs
// before the work ends. A loop would change both: for-of (and auto, with no
// library here) leave it; the library styles return a promise just the same.
'use strict';

let inFlight = 0;
let maxInFlight = 0;
const events = [];

async function load(id) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (id % 3)));
    if (id === 7) throw new Error(`row ${id} is corrupt`);
    return `row ${id}`;
  } finally {
    inFlight -= 1;
  }
}

async function loadAll(ids) {
  try {
    return Promise.all(ids.map(async (id) => load(id)));
  } catch (err) {
    return [`caught: ${err.message}`];
  } finally {
    events.push('finally');
  }
}

async function main() {
  const ids = Array.from({ length: 20 }, (_, i) => i);
  let outcome;
  try {
    outcome = await loadAll(ids);
  } catch (err) {
    outcome = [`rejected: ${err.message}`];
  }
  events.push('after');
  // Work the rejected call left running ends before the next call starts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const fine = await loadAll(ids.filter((id) => id !== 7));
  console.log(JSON.stringify({ results: [outcome, fine, events], maxInFlight }));
}

main();
