// Comments inside the rewritten expression are kept; a function reference,
// Array.from and a broken chain are rewritten too.
const scheduler = require("./scheduler");
const pMap = require("p-map");

function enqueue(job, position) {
  return scheduler.submit(job, position);
}

async function schedule(jobs) {
  const ids = await pMap(
    jobs // every job
      .filter((job) => job.ready),
    enqueue, { concurrency: 8 }, // keeps the position argument
  );
  const copies = await pMap(Array.from(new Set(ids)), /* dedupe */ (id) => scheduler.copy(id), { concurrency: 8 });
  return [ids, copies];
}

module.exports = { schedule };
