// expect: unchanged
// Gate, the callback: one that reads the array argument, one that splices the
// collection it maps, and callbacks over elements that are already running
// promises (awaited by the callback, or made by an async `.map`) are not
// rewritten.
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (x % 3)));
    if (x === 1013) throw new Error('thirteen');
    return x * 2;
  } finally {
    inFlight -= 1;
  }
}

async function main() {
  process.on('unhandledRejection', (err) => {
    console.log(JSON.stringify({ results: ['unhandled', err.message], maxInFlight }));
    process.exit(0);
  });
  const ids = Array.from({ length: 20 }, (_, i) => i);
  const third = await Promise.all(ids.map((id, i, all) => work(id + all.length)));
  const queue = ids.slice();
  const spliced = await Promise.all(queue.map(async (job) => {
    if (job === 3) queue.splice(10, 2);
    return work(job);
  }));
  const pending = ids.map(async (id) => work(1000 + id));
  const settled = await Promise.all(pending.map(async (p) => {
    try {
      return await p;
    } catch (err) {
      return err.message;
    }
  }));
  const started = ids.map((id) => work(1000 + id));
  const logged = await Promise.all(started.map((p) => p.then((v) => v + 1, (e) => e.message)));
  console.log(JSON.stringify({ results: [third, spliced, settled, logged], maxInFlight }));
}

main();
