// Nightly search reindex (ES module).
import pMap from 'p-map';
import chunk from 'lodash/chunk.js';
import { search } from '../lib/search.mjs';
import { listProducts, listCustomers } from '../lib/catalog.mjs';

const BATCH = 100;

export async function reindexProducts() {
  const products = await listProducts();
  // Bounded: chunks of a constant size, one chunk at a time.
  for (const group of chunk(products, BATCH)) {
    await Promise.all(group.map((p) => search.index('products', p)));
  }
}

export async function reindexCustomers() {
  const customers = await listCustomers();
  // Finding: p-map without a concurrency option starts everything at once.
  await pMap(customers, (c) => search.index('customers', c));
  // Bounded: the same call with a limit.
  await pMap(customers, (c) => search.refresh('customers', c.id), { concurrency: 8 });
}

export async function purgeStale(ids) {
  const deletions = [];
  for (const id of ids) {
    deletions.push(search.remove('products', id));
  }
  // Finding: the array was filled with one request per id in a loop.
  await Promise.allSettled(deletions);
}
