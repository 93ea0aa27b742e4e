// The database driver: rows come back untyped, as most drivers return them.
export const stats = { inFlight: 0, maxInFlight: 0 };

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function tracked<T>(ms: number, work: () => T): Promise<T> {
  stats.inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  try {
    await pause(ms);
    return work();
  } finally {
    stats.inFlight -= 1;
  }
}

const orders: { _id: string; customer: string; total: number }[] = [];
for (let i = 1; i <= 30; i++) orders.push({ _id: `o${i}`, customer: `c${i % 3}`, total: i * 5 });

export const db = {
  query(customer: string): Promise<any[]> {
    return tracked(1, () => orders.filter((o) => o.customer === customer).map((o) => ({ ...o })));
  },
  load(id: string): Promise<any> {
    return tracked(1 + (id.length % 3), () => ({ ...orders.find((o) => o._id === id), loadedAt: 'now' }));
  },
  raw(sql: string): Promise<any> {
    return tracked(1, () => sql.split(',').map((s) => ({ key: s.trim() })));
  },
};
