'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { stats, reset } = require('../src/db');
const invoices = require('../src');

const ids = (n, from = 20) => Array.from({ length: n }, (_, i) => `inv-${from + i}`);

test('sendAll sends every invoice and returns their ids in order', async () => {
  reset();
  const sent = await invoices.sendAll(ids(15));
  assert.deepEqual(sent, ids(15));
  assert.ok(stats.maxInFlight >= 1);
});

test('loadAll rejects past its own catch when one invoice is corrupt, after the audit line', async () => {
  const audit = [];
  const loading = invoices.loadAll(['inv-1', 'inv-13', 'inv-2'], audit);
  assert.deepEqual(audit, ['load 3'], 'finally runs before the work ends');
  await assert.rejects(loading, /inv-13 is corrupt/);
  const audit2 = [];
  assert.deepEqual((await invoices.loadAll(['inv-1', 'inv-2'], audit2)).map((i) => i.total), [10, 20]);
});

test('applyFlags reads each flag', async () => {
  const flags = ['refund:inv-3', 'hold:inv-4', 'refund:inv-5'];
  assert.deepEqual(await invoices.applyFlags(flags), ['refund inv-3', 'hold inv-4', 'refund inv-5']);
});

test('drain sends the first pass and leaves retries queued', async () => {
  const queue = ids(20, 1).filter((id) => id !== 'inv-13').map((id) => ({ id, attempt: 0 }));
  const { done, queued } = await invoices.drain(queue);
  assert.equal(done.length, 19);
  assert.equal(queued, 21);
});

test('settleReminders keeps each outcome of reminders already running', async () => {
  process.on('unhandledRejection', (err) => assert.fail(`unhandled rejection: ${err.message}`));
  const pending = [1, 2, 3, 4].map((n) =>
    new Promise((resolve, reject) => setTimeout(() => (n === 1 ? reject(new Error('bounced')) : resolve(`r${n}`)), 10 - n)),
  );
  assert.deepEqual(await invoices.settleReminders(pending), ['failed: bounced', 'r2', 'r3', 'r4']);
});

test('pingAll keeps failures', async () => {
  const ping = async (url) => {
    if (url.includes('down')) throw new Error('503');
    return `200 ${url}`;
  };
  assert.deepEqual(await invoices.pingAll(['a', 'down', 'b'], ping), ['200 a', 'error: 503', '200 b']);
});
