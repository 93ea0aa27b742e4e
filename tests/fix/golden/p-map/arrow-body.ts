import { fetchOne } from './api';
import pMap = require('p-map');

// An arrow's expression body returns the combined promise.
const loadAll = (ids: number[]) => pMap(ids, (id) => fetchOne(id), { concurrency: 8 });

export default loadAll;
