import { fetchOne } from './api';
import Bluebird = require('bluebird');

// An arrow's expression body returns the combined promise.
const loadAll = (ids: number[]) => Bluebird.mapSeries(ids, (id) => fetchOne(id));

export default loadAll;
