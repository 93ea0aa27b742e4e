// An ES module without imports: the new import goes after this header.
// Second line of the header.
import Bluebird from 'bluebird';

let calls = 0;

export async function ping(hosts) {
  calls += 1;
  return Bluebird.mapSeries(hosts, async (host) => {
    const started = Date.now();
    await fetch(`https://${host}/health`);
    return { host, ms: Date.now() - started };
  });
}

export const count = () => calls;
