// The file binds bluebird to `Promise` and p-map to another name: both are reused.
const Promise = require('bluebird');
const mapLimit = require('p-map');

async function refresh(accounts) {
  const tokens = await mapLimit(accounts, (account) => account.refreshToken(), { concurrency: 8 });
  return mapLimit(tokens, (t) => t.save(), { concurrency: 2 });
}

module.exports = { refresh };
