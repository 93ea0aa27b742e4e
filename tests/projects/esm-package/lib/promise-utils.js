// The team's own helper (`fix.callee` in fanout.jsonc): one call at a time.
async function mapSeries(items, fn) {
  const out = [];
  let index = 0;
  for (const item of items) out.push(await fn(item, index++));
  return out;
}

export default { mapSeries };
