// TypeScript: annotations and type arguments in E and cb survive.
import { db, type Row } from './db';
import pMap = require('p-map');

export async function rowsFor(ids: string[]): Promise<Row[]> {
  const rows: Row[] = await pMap(
    ids.filter<string>((id): id is string => id.length > 0), async (id: string): Promise<Row> => {
      // one query per id
      const row = await db.find<Row>(id);
      return row!;
    }, { concurrency: 8 },
  );
  return rows;
}

export async function touch(keys: readonly string[]) {
  await pMap(keys, (key) => db.touch(key) as Promise<void>, { concurrency: 8 });
}
