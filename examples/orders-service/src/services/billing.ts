// Billing service (TypeScript).
import Bluebird from 'bluebird';
import { charge, refund, type Invoice } from '../lib/payments';

export async function chargeAll(invoices: Invoice[]): Promise<string[]> {
  // Finding, and fixable: `fanout check --fix` rewrites it to Bluebird.mapSeries.
  return Promise.all(invoices.map((invoice) => charge(invoice.customerId, invoice.total)));
}

export async function refundAll(invoices: Invoice[]): Promise<void> {
  // Finding: bluebird's map without a concurrency option.
  await Bluebird.map(invoices, (invoice) => refund(invoice.id));
}

export async function refundGently(invoices: Invoice[]): Promise<void> {
  // Bounded: one at a time.
  await Bluebird.mapSeries(invoices, (invoice) => refund(invoice.id));
}

export async function settleWithWorkers(invoices: Invoice[], workers = 4): Promise<void> {
  // Bounded: a pool of at most `workers` workers pulling from one queue.
  const queue = [...invoices];
  const size = Math.min(workers, queue.length);
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await charge(next.customerId, next.total);
    }),
  );
}
