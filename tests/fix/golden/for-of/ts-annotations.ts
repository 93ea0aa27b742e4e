// TypeScript: annotations and type arguments in E and cb survive.
import { db, type Row } from './db';

export async function rowsFor(ids: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of ids.filter<string>((id): id is string => id.length > 0)) {
    rows.push(await (async (id: string): Promise<Row> => {
      // one query per id
      const row = await db.find<Row>(id);
      return row!;
    })(id));
  }
  return rows;
}

export async function touch(keys: readonly string[]) {
  for (const key of keys) {
    await (db.touch(key) as Promise<void>);
  }
}
