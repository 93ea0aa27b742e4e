// expect: rewritten
// rewritten: bluebird p-map custom
// Gate, the sink and its result: an arrow's expression body that returns the
// combined promise keeps returning a promise with the library styles; a loop
// needs a statement, so for-of (and auto, with no library here) leave it.
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

const loadAll = (ids) => Promise.all(ids.map((id) => work(id + 100)));

loadAll(Array.from({ length: 24 }, (_, i) => i)).then((results) => {
  console.log(JSON.stringify({ results, maxInFlight }));
});
