// `Bluebird` and `pMap` already name other things here, so fresh names are used.
const Bluebird2 = require('bluebird');

class Bluebird {}
const pMap = new Map();

const warm = async (keys) => Bluebird2.mapSeries(keys, (key) => pMap.get(key) || new Bluebird(key));

module.exports = { warm };
