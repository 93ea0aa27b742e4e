// Orders: this file already uses bluebird.
import Bluebird = require('bluebird');
import { db } from './db';

export async function orderTotals(customer: string): Promise<number[]> {
  const rows = await db.query(customer);
  const totals = await Promise.all(rows.map(async (row) => {
    const full = await db.load(row._id);
    return full.total as number;
  }));
  return totals;
}

export async function keysOf(sql: string): Promise<string[]> {
  const raw: any = await db.raw(sql);
  return Promise.all(raw.map(async (entry: any) => {
    await Bluebird.delay(1);
    return String(entry.key);
  }));
}
