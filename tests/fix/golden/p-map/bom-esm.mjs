import { get } from './client.mjs';
import pMap from 'p-map';

export async function all(ids) {
  const users = await pMap(ids, (id) => get(`/users/${id}`), { concurrency: 8 });
  return users;
}
