'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { orderTotals, keysOf } = require('../dist/orders');
const { largest, ranked } = require('../dist/reports');

test('orderTotals lists each order total of a customer in order', async () => {
  assert.deepEqual(await orderTotals('c1'), [5, 20, 35, 50, 65, 80, 95, 110, 125, 140]);
});

test('keysOf reads every key of a raw result', async () => {
  assert.deepEqual(await keysOf('a, b, c'), ['a', 'b', 'c']);
});

test('largest finds the biggest order', async () => {
  assert.equal(await largest('c2'), 'o29');
});

test('ranked numbers the orders', async () => {
  assert.deepEqual(await ranked(['o3', 'o1']), ['1. o3 15', '2. o1 5']);
});
