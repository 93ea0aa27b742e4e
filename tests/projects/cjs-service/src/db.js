'use strict';

// An in-memory stand-in for the database and the mail relay, with latency,
// and a count of the calls in flight (tests read `stats.maxInFlight`).
const stats = { inFlight: 0, maxInFlight: 0, calls: 0 };

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function track(ms, work) {
  stats.inFlight += 1;
  stats.calls += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  try {
    await pause(ms);
    return work();
  } finally {
    stats.inFlight -= 1;
  }
}

const invoices = new Map();
for (let i = 1; i <= 40; i++) {
  invoices.set(`inv-${i}`, { id: `inv-${i}`, customer: `cust-${i % 7}`, total: i * 10, corrupt: i === 13 });
}

const db = {
  invoices: {
    get: (id) =>
      track(1 + (id.length % 3), () => {
        const invoice = invoices.get(id);
        if (!invoice) throw new Error(`no invoice ${id}`);
        if (invoice.corrupt) throw new Error(`invoice ${id} is corrupt`);
        return { ...invoice };
      }),
    markSent: (id) => track(1, () => id),
  },
  customers: {
    email: (customer) => track(2, () => `${customer}@example.test`),
  },
};

const mailer = {
  send: (to, subject) => track(1 + (subject.length % 2), () => `sent ${subject} to ${to}`),
};

function reset() {
  stats.inFlight = 0;
  stats.maxInFlight = 0;
  stats.calls = 0;
}

module.exports = { db, mailer, stats, reset, pause };
