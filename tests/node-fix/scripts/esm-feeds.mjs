// Polls feeds at the top level of an ES module without imports.
let inFlight = 0;
let maxInFlight = 0;

function poll(feed, i) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  return new Promise((resolve) => {
    setTimeout(() => {
      inFlight -= 1;
      resolve(`${feed.name}@${i}:${feed.items}`);
    }, 1 + ((i * 5) % 4));
  });
}

const feeds = Array.from({ length: 22 }, (_, i) => ({ name: `feed-${i}`, items: (i * 3) % 7, active: i % 5 !== 0 }));

const polled = await Promise.all(
  feeds
    .filter((feed) => feed.active)
    .map((feed, i) => poll(feed, i)),
);
const counts = await Promise.all(Array.from(new Set(feeds.map((f) => f.items)), (n) => poll({ name: 'count', items: n }, n)));

console.log(JSON.stringify({ results: [polled, counts], maxInFlight }));
