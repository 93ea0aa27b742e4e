import { fetchOne } from './api';
import PromiseUtils from '../lib/promise-utils';

// An arrow's expression body returns the combined promise.
const loadAll = (ids: number[]) => PromiseUtils.mapSeries(ids, (id) => fetchOne(id));

export default loadAll;
