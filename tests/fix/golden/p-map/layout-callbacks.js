// Layouts around the callback: it keeps its indentation, and the p-map
// options never sit on the last line of a multi-line expression body.
const api = require('./api');
const pMap = require('p-map');

async function layouts(items) {
  const out = await pMap(
    items, async (item) =>
      api.process(item),
    { concurrency: 8 }
  );
  await pMap(items, async (item) =>
    api.process(item),
  { concurrency: 8 });
  await pMap(items,
    (item) => api.process(item), { concurrency: 8 },
  );
  return out;
}

module.exports = { layouts };
