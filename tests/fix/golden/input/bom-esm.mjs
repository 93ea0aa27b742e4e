import { get } from './client.mjs';

export async function all(ids) {
  const users = await Promise.all(ids.map((id) => get(`/users/${id}`)));
  return users;
}
