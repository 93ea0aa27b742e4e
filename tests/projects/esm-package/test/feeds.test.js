import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { fetchFeeds, itemsOf } from '../src/feeds.js';

const require = createRequire(import.meta.url);
const urls = Array.from({ length: 18 }, (_, i) => `https://feeds.test/${i}`);

test('fetchFeeds counts the items of each feed in order', async () => {
  assert.deepEqual(await fetchFeeds(urls), urls.map(() => 2));
});

test('itemsOf flattens the items in feed order', async () => {
  const items = await itemsOf(urls.slice(0, 3));
  assert.deepEqual(items, ['https://feeds.test/0#1', 'https://feeds.test/0#2', 'https://feeds.test/1#1',
    'https://feeds.test/1#2', 'https://feeds.test/2#1', 'https://feeds.test/2#2']);
});

test('the CommonJS helper archives in order', async () => {
  const { archive } = require('../src/legacy.cjs');
  assert.deepEqual(await archive(['a', 'b', 'c']), ['archived/a', 'archived/b', 'archived/c']);
});

test('the sync script runs with top-level await', () => {
  const script = fileURLToPath(new URL('../bin/sync.js', import.meta.url));
  const out = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
  assert.equal(out.feeds, 24);
  assert.equal(out.items, 48);
  assert.ok(out.maxInFlight >= 1);
});
