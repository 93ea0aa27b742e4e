// The file binds bluebird to `Promise` and p-map to another name: both are reused.
const Promise = require('bluebird');
const mapLimit = require('p-map');

async function refresh(accounts) {
  const tokens = [];
  for (const account of accounts) {
    tokens.push(await account.refreshToken());
  }
  return mapLimit(tokens, (t) => t.save(), { concurrency: 2 });
}

module.exports = { refresh };
