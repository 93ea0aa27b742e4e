import { db } from './db';

// An `any` collection and untyped parameters: `.map` makes `row` any, a
// library call would infer `unknown` (TS18046) unless the type is kept.
export async function looseSave(n: number) {
  const rows: any = await db.rows(n);
  return Promise.all(rows.map(async (row) => db.save({ _id: row._id })));
}
