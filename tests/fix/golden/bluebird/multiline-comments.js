// Comments inside the rewritten expression are kept; a function reference,
// Array.from and a broken chain are rewritten too.
const scheduler = require("./scheduler");
const Bluebird = require("bluebird");

function enqueue(job, position) {
  return scheduler.submit(job, position);
}

async function schedule(jobs) {
  const ids = await Bluebird.mapSeries(
    jobs // every job
      .filter((job) => job.ready),
    enqueue, // keeps the position argument
  );
  const copies = await Bluebird.mapSeries(Array.from(new Set(ids)), /* dedupe */ (id) => scheduler.copy(id));
  return [ids, copies];
}

module.exports = { schedule };
