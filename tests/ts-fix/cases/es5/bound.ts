// A file that already binds bluebird, as CommonJS TypeScript without esModuleInterop writes it.
import Bluebird = require('bluebird');
import { db } from './db';

export async function archived(n: number): Promise<string[]> {
  const rows = await db.rows(n);
  await Bluebird.delay(1);
  return Promise.all(rows.map((row) => db.save(row)));
}
