// Layouts around the callback: it keeps its indentation, and the p-map
// options never sit on the last line of a multi-line expression body.
const api = require('./api');

async function layouts(items) {
  const out = [];
  for (const item of items) {
    out.push(await api.process(item));
  }
  for (const item of items) {
    await api.process(item);
  }
  for (const item of items) {
    await api.process(item);
  }
  return out;
}

module.exports = { layouts };
