// Callback bodies the for-of style inlines, and those it calls instead.
const api = require('./api');

async function withComment(ids) {
  const users = [];
  for (const id of ids) {
    // one user per id
    const user = await api.user(id);
    users.push(await user.name);
  }
  return users;
}

async function noReturn(ids) {
  const done = [];
  for (const id of ids) {
    await api.touch(id);
    done.push(undefined);
  }
  return done.length;
}

async function templateBody(ids) {
  const bodies = [];
  for (const id of ids) {
    const text = await api.render(`
      <p>${id}</p>
    `);
    bodies.push(text);
  }
  return bodies;
}

async function usesVar(ids) {
  const sums = [];
  for (const id of ids) {
    sums.push(await (async (id) => {
      var total = await api.total(id);
      return total;
    })(id));
  }
  return sums;
}

async function earlyReturn(ids) {
  const found = [];
  for (const id of ids) {
    found.push(await (async function (id) {
      if (!id) return null;
      return api.find(id);
    })(id));
  }
  return found;
}

module.exports = { withComment, noReturn, templateBody, usesVar, earlyReturn };
