// Findings that no style rewrites automatically: this file never changes.
const { load } = require('./loader');

async function run(items, urls) {
  const settled = await Promise.allSettled(items.map((item) => item.save()));
  const labels = await Promise.all(items.map((item, i, all) => item.label(i, all.length)));
  const loaded = await Promise.all(urls.map(load));
  const bound = await Promise.all(urls.map(function (url) { return this.get(url); }, items));
  const pending = [];
  for (const url of urls) pending.push(fetch(url));
  const fetched = await Promise.all(pending);
  Promise.all(urls.map((url) => fetch(url))).then((responses) => console.log(responses.length));
  return [settled, labels, loaded, bound, fetched];
}

module.exports = { run };
