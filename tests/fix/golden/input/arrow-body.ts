import { fetchOne } from './api';

// An arrow's expression body returns the combined promise.
const loadAll = (ids: number[]) => Promise.all(ids.map((id) => fetchOne(id)));

export default loadAll;
