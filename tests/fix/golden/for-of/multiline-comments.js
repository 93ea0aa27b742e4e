// Comments inside the rewritten expression are kept; a function reference,
// Array.from and a broken chain are rewritten too.
const scheduler = require("./scheduler");

function enqueue(job, position) {
  return scheduler.submit(job, position);
}

async function schedule(jobs) {
  const ids = [];
  // every job
  // keeps the position argument
  for (const [position, job] of jobs.filter((job) => job.ready).entries()) {
    ids.push(await enqueue(job, position));
  }
  const copies = [];
  /* dedupe */
  for (const id of Array.from(new Set(ids))) {
    copies.push(await scheduler.copy(id));
  }
  return [ids, copies];
}

module.exports = { schedule };
