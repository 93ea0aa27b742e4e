// expect: rewritten
// Gate, for...of inlining: a parameter the body assigns stays assignable (also
// through destructuring assignment), a named function expression that calls
// itself is called rather than inlined, `this` in an arrow keeps its object,
// and `return await Promise.all(...)` inside a try keeps what the try catches.
'use strict';

let inFlight = 0;
let maxInFlight = 0;

async function work(x) {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1 + (String(x).length % 3)));
    if (x === 'boom') throw new Error('boom');
    return { item: `w:${x}`, n: String(x).length };
  } finally {
    inFlight -= 1;
  }
}

function tree(id, depth) {
  return { id, children: depth === 0 ? [] : [tree(id * 10 + 1, depth - 1), tree(id * 10 + 2, depth - 1)] };
}

class Importer {
  constructor(prefix) {
    this.prefix = prefix;
  }

  async importAll(names) {
    const out = await Promise.all(names.map(async (name) => {
      const { item } = await work(`${this.prefix}${name}`);
      return item;
    }));
    return out;
  }
}

async function main() {
  const flags = Array.from({ length: 20 }, (_, i) => `post:${i}:spam`);
  const reassigned = await Promise.all(flags.map(async (flag) => {
    flag = flag.split(':');
    const { item } = await work(flag[1]);
    return item;
  }));

  const entries = Array.from({ length: 20 }, (_, i) => i);
  const destructured = await Promise.all(entries.map(async (item) => {
    let n;
    ({ item, n } = await work(item));
    return `${item}/${n}`;
  }));

  const seen = [];
  const roots = Array.from({ length: 20 }, (_, i) => tree(i + 1, 1));
  const visited = await Promise.all(roots.map(async function visit(node) {
    seen.push((await work(node.id)).item);
    for (const child of node.children) await visit(child);
    return node.id;
  }));

  const imported = await new Importer('imp-').importAll(Array.from({ length: 20 }, (_, i) => `n${i}`));

  async function guarded(list) {
    try {
      return await Promise.all(list.map((x) => work(x)));
    } catch (err) {
      return [`caught ${err.message}`];
    }
  }
  const caught = await guarded([...Array.from({ length: 18 }, (_, i) => i), 'boom']);

  const results = [reassigned, destructured, visited, seen.length, imported, caught];
  console.log(JSON.stringify({ results, maxInFlight }));
}

main();
