import { beforeEach, describe, expect, it } from 'vitest';
import { GetUser } from '../../../src/application/users/get-user.js';
import { UserNotFoundError } from '../../../src/domain/users/errors.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { seedUser, snapshot } from '../fakes.js';

describe('GetUser', () => {
  let users: InMemoryUserRepository;
  let getUser: GetUser;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    getUser = new GetUser(users);
  });

  it('when the user exists, then he is returned', async () => {
    await seedUser(users, { email: 'first@example.com' });
    const user = await seedUser(users, { email: 'ada@example.com', fullName: 'Ada' });
    expect(snapshot(await getUser.execute(user.id))).toEqual(snapshot(user));
  });

  it('when the user does not exist, then UserNotFoundError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    await users.delete(user.id);
    await expect(getUser.execute(user.id)).rejects.toBeInstanceOf(UserNotFoundError);
  });
});
