import { beforeEach, describe, expect, it } from 'vitest';
import { ListUsers } from '../../../src/application/users/list-users.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { seedUser } from '../fakes.js';

describe('ListUsers', () => {
  let users: InMemoryUserRepository;
  let listUsers: ListUsers;
  let ids: number[];

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    listUsers = new ListUsers(users);
    ids = [];
    for (const name of ['c', 'b', 'a']) ids.push((await seedUser(users, { email: `${name}@example.com` })).id);
  });

  it('when the page covers everyone, then all users come in id order with the total', async () => {
    const page = await listUsers.execute({ skip: 0, limit: 100 });
    expect(page.items.map((u) => u.id)).toEqual(ids);
    expect(page.total).toBe(3);
  });

  it('when skip and limit are given, then they are applied and the total stays the full count', async () => {
    const page = await listUsers.execute({ skip: 1, limit: 1 });
    expect(page.items.map((u) => u.email.value)).toEqual(['b@example.com']);
    expect(page.total).toBe(3);
  });

  it('when skip is past the end, then no items and the full total', async () => {
    expect(await listUsers.execute({ skip: 10, limit: 5 })).toEqual({ items: [], total: 3 });
  });
});
