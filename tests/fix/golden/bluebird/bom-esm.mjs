import { get } from './client.mjs';
import Bluebird from 'bluebird';

export async function all(ids) {
  const users = await Bluebird.mapSeries(ids, (id) => get(`/users/${id}`));
  return users;
}
