// An ES module without imports: the new import goes after this header.
// Second line of the header.
import PromiseUtils from '../lib/promise-utils.js';

let calls = 0;

export async function ping(hosts) {
  calls += 1;
  return PromiseUtils.mapSeries(hosts, async (host) => {
    const started = Date.now();
    await fetch(`https://${host}/health`);
    return { host, ms: Date.now() - started };
  });
}

export const count = () => calls;
