'use strict';

const { db, mailer } = require('./db');

// Sends every invoice of a batch: a fan-out over data (fixable).
async function sendAll(invoiceIds) {
  const sent = await Promise.all(invoiceIds.map(async (id) => {
    const invoice = await db.invoices.get(id);
    const to = await db.customers.email(invoice.customer);
    await mailer.send(to, `invoice ${invoice.id}`);
    return db.invoices.markSent(invoice.id);
  }));
  return sent;
}

// Loads invoices; a corrupt one rejects the whole call, which this try does not
// catch (the promise is returned), and the audit line is written at once.
async function loadAll(ids, audit) {
  try {
    return Promise.all(ids.map((id) => db.invoices.get(id)));
  } catch (err) {
    return [];
  } finally {
    audit.push(`load ${ids.length}`);
  }
}

// Flags arrive as `kind:id` strings; the callback reassigns its parameter.
async function applyFlags(flags) {
  return Promise.all(flags.map(async (flag) => {
    flag = flag.split(':');
    const invoice = await db.invoices.get(flag[1]);
    return `${flag[0]} ${invoice.id}`;
  }));
}

// Retries go to the back of the queue; only the first pass is awaited here.
async function drain(queue) {
  const done = await Promise.all(queue.map(async (job) => {
    if (job.attempt === 0 && job.id.endsWith('7')) queue.push({ id: job.id, attempt: 1 });
    return db.invoices.markSent(job.id);
  }));
  return { done, queued: queue.length };
}

// Reminders already started elsewhere: the callback settles each one itself.
async function settleReminders(pending) {
  return Promise.all(pending.map(async (reminder) => {
    try {
      return await reminder;
    } catch (err) {
      return `failed: ${err.message}`;
    }
  }));
}

// Every webhook is tried; failures are kept.
async function pingAll(urls, ping) {
  const outcomes = await Promise.allSettled(urls.map((url) => ping(url)));
  return outcomes.map((o) => (o.status === 'fulfilled' ? o.value : `error: ${o.reason.message}`));
}

module.exports = { sendAll, loadAll, applyFlags, drain, settleReminders, pingAll };
