// expect: rewritten
// Gate, the callback: one that appends to the collection it maps is
// rewritten over a snapshot (Array#map visits only the elements there when it
// starts), and an unused third parameter does not stop a rewrite.
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (x % 3)));
    return x * 2;
  } finally {
    inFlight -= 1;
  }
}

async function main() {
  const queue = Array.from({ length: 20 }, (_, i) => i);
  const first = await Promise.all(queue.map(async (job) => {
    if (job % 4 === 0) queue.push(100 + job);
    return work(job);
  }));
  const later = await Promise.all(queue.map(async (job) => {
    const done = await work(job);
    if (job === 14) queue.push(200 + job);
    return done;
  }));
  const indexed = await Promise.all(queue.map((job, i, _all) => work(job + i)));
  console.log(JSON.stringify({ results: [first, later, indexed, queue.length], maxInFlight }));
}

main();
