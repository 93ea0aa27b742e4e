// Layouts around the callback: it keeps its indentation, and the p-map
// options never sit on the last line of a multi-line expression body.
const api = require('./api');
const Bluebird = require('bluebird');

async function layouts(items) {
  const out = await Bluebird.mapSeries(
    items, async (item) =>
      api.process(item)
  );
  await Bluebird.mapSeries(items, async (item) =>
    api.process(item));
  await Bluebird.mapSeries(items,
    (item) => api.process(item),
  );
  return out;
}

module.exports = { layouts };
