// Runs every case and prints one JSON line: results and the most calls in flight.
import { stats } from './db';
import { names, ranked, retag, saveAll, totals, typed } from './reports';
import { looseSave } from './loose';

async function main(): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(`id${i}`);
  const results = {
    totals: await totals(20),
    names: await names(ids),
    ranked: await ranked(ids),
    typed: await typed(ids),
    saveAll: await saveAll(20),
    retag: await retag(ids),
    looseSave: await looseSave(20),
  };
  console.log(JSON.stringify({ results, maxInFlight: stats.maxInFlight }));
}

main();
