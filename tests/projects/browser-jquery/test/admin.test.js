'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { JSDOM } = require('jsdom');

const jquery = fs.readFileSync(require.resolve('jquery/dist/jquery.js'), 'utf8');
const admin = fs.readFileSync(path.join(__dirname, '../public/admin.js'), 'utf8');

// Values made inside the page come from its own realm: compare them as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

function page() {
  const dom = new JSDOM(`<!doctype html><table class="rows">
    <tr class="selected" data-id="7"></tr><tr data-id="8"></tr><tr class="selected" data-id="9"></tr>
  </table><div id="orders" data-ids="3,1,2"></div><p id="status"></p>`, { runScripts: 'outside-only' });
  const calls = [];
  let inFlight = 0;
  const later = (value) => {
    inFlight += 1;
    api.maxInFlight = Math.max(api.maxInFlight, inFlight);
    return new Promise((resolve) => setTimeout(() => { inFlight -= 1; resolve(value); }, 2));
  };
  const api = {
    maxInFlight: 0,
    reject: (id) => { calls.push(`reject ${id}`); return later(`rejected ${id}`); },
    load: (id) => { calls.push(`load ${id}`); return later({ id, status: `s${id}` }); },
    archive: (id) => { calls.push(`archive ${id}`); return later(id); },
  };
  dom.window.AdminApi = api;
  dom.window.eval(jquery);
  dom.window.eval(admin);
  return { window: dom.window, calls, api };
}

test('rejectSelected rejects the selected rows only', async () => {
  const { window, calls } = page();
  assert.deepEqual(plain(await window.Admin.rejectSelected()), ['rejected 7', 'rejected 9']);
  assert.deepEqual(calls, ['reject 7', 'reject 9']);
});

test('refreshListed loads every listed order and shows the statuses', async () => {
  const { window } = page();
  assert.deepEqual(plain(await window.Admin.refreshListed()), ['s3', 's1', 's2']);
  assert.equal(window.document.getElementById('status').textContent, 's3 s1 s2');
});

test('archiveCached archives every cached order', async () => {
  const { window, calls } = page();
  assert.equal(await window.Admin.archiveCached({ a: 1, b: 2, c: 3 }), 3);
  assert.deepEqual(calls, ['archive a', 'archive b', 'archive c']);
});
