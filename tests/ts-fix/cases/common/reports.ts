import { db, Row } from './db';

// The result is read in a closure: a loop's untyped `[]` would be TS7034.
export async function totals(n: number): Promise<number> {
  const rows = await db.rows(n);
  const loaded = await Promise.all(rows.map((row) => db.load(row._id)));
  const sum = () => loaded.reduce((s, r) => s + r.total, 0);
  return sum();
}

// A readonly annotation cannot take a push (TS2339).
export async function names(ids: readonly string[]): Promise<readonly string[]> {
  const out: readonly string[] = await Promise.all(ids.map(async (id) => (await db.load(id))._id));
  return out;
}

// The index: `.entries()` cannot be iterated under ES5 (TS2802).
export async function ranked(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id, i) => `${i}:${(await db.load(id)).total}`));
}

// An annotated result keeps its annotation.
export async function typed(ids: string[]): Promise<Row[]> {
  const rows: Row[] = await Promise.all(ids.map((id) => db.load(id)));
  return rows;
}

// `any[]` rows: the element type must survive a library call.
export async function saveAll(n: number): Promise<string[]> {
  const rows = await db.rows(n);
  return Promise.all(rows.map(async (row) => db.save({ _id: row._id, saved: true })));
}

// A parameter the body assigns.
export async function retag(tags: string[]): Promise<string[]> {
  return Promise.all(tags.map(async (tag) => {
    tag = tag.toUpperCase();
    return (await db.load(tag))._id;
  }));
}
