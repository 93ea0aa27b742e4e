// Callback bodies the for-of style inlines, and those it calls instead.
const api = require('./api');

async function withComment(ids) {
  const users = await Promise.all(ids.map(async (id) => { // one user per id
    const user = await api.user(id);
    return user.name;
  }));
  return users;
}

async function noReturn(ids) {
  const done = await Promise.all(ids.map(async (id) => {
    await api.touch(id);
  }));
  return done.length;
}

async function templateBody(ids) {
  const bodies = await Promise.all(ids.map(async (id) => {
    const text = await api.render(`
      <p>${id}</p>
    `);
    return text;
  }));
  return bodies;
}

async function usesVar(ids) {
  const sums = await Promise.all(ids.map(async (id) => {
    var total = await api.total(id);
    return total;
  }));
  return sums;
}

async function earlyReturn(ids) {
  const found = await Promise.all(ids.map(async function (id) {
    if (!id) return null;
    return api.find(id);
  }));
  return found;
}

module.exports = { withComment, noReturn, templateBody, usesVar, earlyReturn };
