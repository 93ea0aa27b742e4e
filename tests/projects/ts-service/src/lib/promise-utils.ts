// The team's own helper (`fix.callee` in fanout.jsonc): one call at a time.
async function mapSeries<T, U>(items: readonly T[], fn: (item: T, index: number) => U | Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(await fn(items[i], i));
  return out;
}

export default { mapSeries };
