import { beforeEach, describe, expect, it } from 'vitest';
import { DeleteUser } from '../../../src/application/users/delete-user.js';
import { SelfChangeForbiddenError, UserNotFoundError } from '../../../src/domain/users/errors.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { seedUser, snapshot } from '../fakes.js';

describe('DeleteUser', () => {
  let users: InMemoryUserRepository;
  let deleteUser: DeleteUser;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    deleteUser = new DeleteUser(users);
  });

  it('when an admin deletes another user, then that user is gone and the admin stays', async () => {
    const admin = await seedUser(users, { email: 'admin@example.com', isAdmin: true });
    const target = await seedUser(users, { email: 'target@example.com' });
    await deleteUser.execute({ actorId: admin.id, userId: target.id });
    expect(await users.findById(target.id)).toBeNull();
    expect(snapshot(await users.findById(admin.id))).toEqual(snapshot(admin));
  });

  it('when an admin deletes another admin, then that admin is gone', async () => {
    const admin = await seedUser(users, { email: 'admin@example.com', isAdmin: true });
    const other = await seedUser(users, { email: 'other-admin@example.com', isAdmin: true });
    await deleteUser.execute({ actorId: admin.id, userId: other.id });
    expect(await users.findById(other.id)).toBeNull();
  });

  it('when an admin deletes himself, then SelfChangeForbiddenError and he still exists', async () => {
    const admin = await seedUser(users, { email: 'admin@example.com', isAdmin: true });
    await expect(deleteUser.execute({ actorId: admin.id, userId: admin.id })).rejects.toBeInstanceOf(SelfChangeForbiddenError);
    expect(snapshot(await users.findById(admin.id))).toEqual(snapshot(admin));
  });

  it('when the user does not exist, then UserNotFoundError', async () => {
    const admin = await seedUser(users, { email: 'admin@example.com', isAdmin: true });
    const gone = await seedUser(users, { email: 'gone@example.com' });
    await users.delete(gone.id);
    await expect(deleteUser.execute({ actorId: admin.id, userId: gone.id })).rejects.toBeInstanceOf(UserNotFoundError);
  });
});
