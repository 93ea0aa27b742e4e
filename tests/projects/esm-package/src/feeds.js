import { setTimeout as sleep } from 'node:timers/promises';

export const stats = { inFlight: 0, maxInFlight: 0 };

async function tracked(ms, work) {
  stats.inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  try {
    await sleep(ms);
    return work();
  } finally {
    stats.inFlight -= 1;
  }
}

export function fetchFeed(url) {
  return tracked(1 + (url.length % 4), () => ({ url, items: [`${url}#1`, `${url}#2`] }));
}

// Every feed of a list, in order.
export async function fetchFeeds(urls) {
  return Promise.all(urls.map(async (url) => {
    const feed = await fetchFeed(url);
    return feed.items.length;
  }));
}

// Items of every feed, flattened by the caller.
export async function itemsOf(urls) {
  const feeds = await Promise.all(urls.map(fetchFeed));
  return feeds.flatMap((f) => f.items);
}
