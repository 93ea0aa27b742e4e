// Layouts around the callback: it keeps its indentation, and the p-map
// options never sit on the last line of a multi-line expression body.
const api = require('./api');

async function layouts(items) {
  const out = await Promise.all(
    items.map(async (item) =>
      api.process(item)
    )
  );
  await Promise.all(items.map(async (item) =>
    api.process(item)));
  await Promise.all(items.map(
    (item) => api.process(item),
  ));
  return out;
}

module.exports = { layouts };
