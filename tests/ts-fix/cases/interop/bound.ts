// A file that already binds bluebird, with esModuleInterop.
import Bluebird from 'bluebird';
import { db } from './db';

export async function archived(n: number): Promise<string[]> {
  const rows = await db.rows(n);
  await Bluebird.delay(1);
  return Promise.all(rows.map((row) => db.save(row)));
}
