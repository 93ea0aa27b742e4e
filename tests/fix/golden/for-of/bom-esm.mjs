import { get } from './client.mjs';

export async function all(ids) {
  const users = [];
  for (const id of ids) {
    users.push(await get(`/users/${id}`));
  }
  return users;
}
