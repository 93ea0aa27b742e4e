// `Bluebird` and `pMap` already name other things here, so fresh names are used.
const pMap2 = require('p-map');

class Bluebird {}
const pMap = new Map();

const warm = async (keys) => pMap2(keys, (key) => pMap.get(key) || new Bluebird(key), { concurrency: 8 });

module.exports = { warm };
