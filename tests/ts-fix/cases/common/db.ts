// A database layer whose driver returns untyped rows.
export const stats = { inFlight: 0, maxInFlight: 0 };

export interface Row {
  _id: string;
  total: number;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function tracked<T>(ms: number, value: T): Promise<T> {
  stats.inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  try {
    await pause(ms);
    return value;
  } finally {
    stats.inFlight -= 1;
  }
}

export const db = {
  rows(n: number): Promise<any[]> {
    const rows: any[] = [];
    for (let i = 0; i < n; i++) rows.push({ _id: `r${i}`, total: i * 3 });
    return tracked(1, rows);
  },
  load(id: string): Promise<Row> {
    return tracked(1 + (id.length % 3), { _id: id, total: id.length * 10 });
  },
  save(row: any): Promise<string> {
    return tracked(1 + (String(row._id).length % 2), `saved ${row._id}`);
  },
};
