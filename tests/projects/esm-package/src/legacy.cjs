'use strict';

// A CommonJS file inside the ES module package: p-map 7 cannot be required here.
const { setTimeout: sleep } = require('node:timers/promises');

async function archive(names) {
  const archived = await Promise.all(names.map(async (name) => {
    await sleep(1);
    return `archived/${name}`;
  }));
  return archived;
}

module.exports = { archive };
