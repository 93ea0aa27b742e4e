'use strict';

// Prices, ships and archives orders: four fixable fan-outs in CommonJS.
let inFlight = 0;
let maxInFlight = 0;

async function work(label, ms) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  await new Promise((resolve) => setTimeout(resolve, ms));
  inFlight -= 1;
  return label;
}

async function price(order) {
  return work(`${order.id}=${order.qty * 3}`, 1 + (order.id % 4));
}

async function priceAll(orders) {
  const prices = await Promise.all(orders.map(price));
  return prices;
}

async function labels(orders) {
  const out = await Promise.all(orders.map((order, position) => work(`#${position}:${order.id}`, 1 + (position % 3))));
  return out;
}

const shipped = [];
async function shipAll(orders) {
  await Promise.all(orders.map(async (order) => {
    shipped.push(await work(`shipped ${order.id}`, 2 + (order.id % 3)));
  }));
}

async function archive(orders) {
  return Promise.all(orders.map(async (order) => {
    const receipt = await work(`archived ${order.id}`, 1 + (order.id % 5));
    return receipt.toUpperCase();
  }));
}

async function main() {
  const orders = Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, qty: (i * 7) % 5 }));
  const results = [await priceAll(orders), await labels(orders)];
  await shipAll(orders);
  results.push(shipped.slice().sort(), await archive(orders));
  console.log(JSON.stringify({ results, maxInFlight }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
