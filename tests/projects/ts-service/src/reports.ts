// Reports: no bluebird here.
import { db } from './db';

export async function largest(customer: string): Promise<string> {
  const rows = await db.query(customer);
  const loaded = await Promise.all(rows.map((row) => db.load(row._id)));
  const byTotal = () => loaded.slice().sort((a, b) => b.total - a.total);
  return byTotal()[0]._id;
}

export async function ranked(ids: readonly string[]): Promise<readonly string[]> {
  const lines: readonly string[] = await Promise.all(ids.map(async (id, rank) => {
    const order = await db.load(id);
    return `${rank + 1}. ${order._id} ${order.total}`;
  }));
  return lines;
}
