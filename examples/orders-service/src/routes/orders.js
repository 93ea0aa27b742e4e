// HTTP routes of the orders service (CommonJS).
'use strict';

const express = require('express');
const pLimit = require('p-limit');
const db = require('../lib/db');
const { notifyWarehouse } = require('../lib/warehouse');

const router = express.Router();
const warehouseLimit = pLimit(4);

// Bounded: a fixed set of distinct lookups.
router.get('/orders/:id', async (req, res) => {
  const [order, history, invoice] = await Promise.all([
    db.orders.find(req.params.id),
    db.orders.history(req.params.id),
    db.invoices.forOrder(req.params.id),
  ]);
  res.json({ order, history, invoice });
});

// Finding: one query per line item, all at once.
router.post('/orders/:id/ship', async (req, res) => {
  const order = await db.orders.find(req.params.id);
  const products = await Promise.all(order.items.map((item) => db.products.find(item.productId)));
  // Bounded: the warehouse calls go through a p-limit limiter.
  await Promise.all(products.map((p) => warehouseLimit(() => notifyWarehouse(p.sku, order.id))));
  res.sendStatus(202);
});

// Finding: forEach never waits for its async callbacks.
router.post('/orders/:id/cancel', async (req, res) => {
  const order = await db.orders.find(req.params.id);
  order.items.forEach(async (item) => {
    await db.stock.release(item.productId, item.quantity);
  });
  res.sendStatus(204);
});

module.exports = router;
