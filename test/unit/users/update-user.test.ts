import { beforeEach, describe, expect, it } from 'vitest';
import { UpdateUser, type UpdateUserCommand } from '../../../src/application/users/update-user.js';
import type { User } from '../../../src/domain/users/user.js';
import {
  CommonPasswordError,
  EmailTakenError,
  InvalidEmailError,
  SelfChangeForbiddenError,
  UserNotFoundError,
  WeakPasswordError,
} from '../../../src/domain/users/errors.js';
import { type World, inMemoryWorld, newPasswordGate, seedUser, signIn, snapshot } from '../fakes.js';

describe('UpdateUser', () => {
  let w: World;
  let updateUser: UpdateUser;
  let admin: User;
  let target: User;

  beforeEach(async () => {
    w = inMemoryWorld();
    updateUser = new UpdateUser(w.users, w.uow, newPasswordGate(w.hasher), w.clock, w.sendVerification);
    admin = await seedUser(w.users, { email: 'admin@example.com', fullName: 'Admin', isAdmin: true });
    target = await seedUser(w.users, { email: 'target@example.com', fullName: 'Target' });
    w.clock.advance(60_000);
  });

  const stored = async (u: User) => snapshot(await w.users.findById(u.id));
  const liveSessions = async (u: User) => (await w.sessions.listActive(u.id, w.clock.now())).length;

  it('when an admin changes every field of another user, then all are stored and updated_at is now', async () => {
    const updated = await updateUser.execute({
      actorId: admin.id,
      userId: target.id,
      email: ' NEW@Example.com ',
      fullName: ' New Name ',
      password: 'a-brand-new-password',
      isActive: false,
      isAdmin: true,
    });
    const expected = {
      ...snapshot(target),
      email: 'new@example.com',
      fullName: 'New Name',
      passwordHash: 'hashed:a-brand-new-password',
      isActive: false,
      isAdmin: true,
      updatedAt: w.clock.now().toISOString(),
    };
    expect(snapshot(updated)).toEqual(expected);
    expect(await stored(target)).toEqual(expected);
    expect(await stored(admin)).toEqual(snapshot(admin));
  });

  it('when only the full name is given, then nothing else changes', async () => {
    await updateUser.execute({ actorId: admin.id, userId: target.id, fullName: 'Only Name' });
    expect(await stored(target)).toEqual({ ...snapshot(target), fullName: 'Only Name', updatedAt: w.clock.now().toISOString() });
    expect(w.hasher.hashed).toEqual([]);
  });

  it('when the full name is null, then it is cleared; when it is absent, then it is kept', async () => {
    await updateUser.execute({ actorId: admin.id, userId: target.id, isAdmin: false });
    expect((await w.users.findById(target.id))?.fullName).toBe('Target');
    await updateUser.execute({ actorId: admin.id, userId: target.id, fullName: null });
    expect((await w.users.findById(target.id))?.fullName).toBeNull();
  });

  it('when an admin deactivates himself, then SelfChangeForbiddenError and nothing stored changes', async () => {
    await signIn(w, admin);
    await expect(
      updateUser.execute({ actorId: admin.id, userId: admin.id, isActive: false, fullName: 'Sneaky', password: 'new-password-1' }),
    ).rejects.toBeInstanceOf(SelfChangeForbiddenError);
    expect(await stored(admin)).toEqual(snapshot(admin));
    expect(w.hasher.hashed).toEqual([]);
    expect(await liveSessions(admin)).toBe(1);
  });

  it('when an admin demotes himself, then SelfChangeForbiddenError and nothing stored changes', async () => {
    await expect(
      updateUser.execute({ actorId: admin.id, userId: admin.id, isAdmin: false, email: 'renamed@example.com' }),
    ).rejects.toBeInstanceOf(SelfChangeForbiddenError);
    expect(await stored(admin)).toEqual(snapshot(admin));
  });

  it('when an admin changes his own name, email and password, and confirms his flags, then it is allowed', async () => {
    const updated = await updateUser.execute({
      actorId: admin.id,
      userId: admin.id,
      fullName: 'Still Admin',
      email: 'me@example.com',
      password: 'my-new-password',
      isActive: true,
      isAdmin: true,
    });
    expect(updated).toMatchObject({ fullName: 'Still Admin', passwordHash: 'hashed:my-new-password', isActive: true, isAdmin: true });
    expect((await w.users.findById(admin.id))?.email.value).toBe('me@example.com');
  });

  it('when an admin deactivates and demotes another admin, then it is allowed', async () => {
    const other = await seedUser(w.users, { email: 'other@example.com', isAdmin: true });
    await updateUser.execute({ actorId: admin.id, userId: other.id, isActive: false, isAdmin: false });
    expect(await w.users.findById(other.id)).toMatchObject({ isActive: false, isAdmin: false });
  });

  it('when the new password is over 128 characters, then WeakPasswordError, no hashing and nothing stored', async () => {
    await expect(
      updateUser.execute({ actorId: admin.id, userId: target.id, password: 'p'.repeat(129), fullName: 'Changed' }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
    expect(w.hasher.hashed).toEqual([]);
    expect(await stored(target)).toEqual(snapshot(target));
  });

  it('when the new password is too short, then WeakPasswordError and nothing stored', async () => {
    await expect(updateUser.execute({ actorId: admin.id, userId: target.id, password: 'short' })).rejects.toBeInstanceOf(
      WeakPasswordError,
    );
    expect(await stored(target)).toEqual(snapshot(target));
  });

  it('when the new password is a common one, then CommonPasswordError, no hashing and nothing stored', async () => {
    await expect(
      updateUser.execute({ actorId: admin.id, userId: target.id, password: 'Password123', fullName: 'Changed' }),
    ).rejects.toBeInstanceOf(CommonPasswordError);
    expect(w.hasher.hashed).toEqual([]);
    expect(await stored(target)).toEqual(snapshot(target));
  });

  it("when the new email is another user's, then EmailTakenError and nothing stored changes", async () => {
    await expect(
      updateUser.execute({ actorId: admin.id, userId: target.id, email: 'ADMIN@example.com', fullName: 'Changed' }),
    ).rejects.toBeInstanceOf(EmailTakenError);
    expect(await stored(target)).toEqual(snapshot(target));
    expect(await stored(admin)).toEqual(snapshot(admin));
  });

  it('when the new email is invalid, then InvalidEmailError and nothing stored changes', async () => {
    await expect(updateUser.execute({ actorId: admin.id, userId: target.id, email: 'no-at-sign' })).rejects.toBeInstanceOf(
      InvalidEmailError,
    );
    expect(await stored(target)).toEqual(snapshot(target));
  });

  it('when the user does not exist, then UserNotFoundError', async () => {
    await w.users.delete(target.id);
    await expect(updateUser.execute({ actorId: admin.id, userId: target.id, fullName: 'Ghost' })).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
    expect(await w.users.findById(target.id)).toBeNull();
  });

  describe('sessions', () => {
    beforeEach(async () => {
      await signIn(w, target);
      await signIn(w, target);
      await signIn(w, admin);
    });

    const change = (c: Omit<UpdateUserCommand, 'actorId' | 'userId'>) => updateUser.execute({ actorId: admin.id, userId: target.id, ...c });

    it.each<[string, Omit<UpdateUserCommand, 'actorId' | 'userId'>]>([
      ['password', { password: 'a-brand-new-password' }],
      ['is_active', { isActive: false }],
      ['is_admin', { isAdmin: true }],
    ])("when an admin changes the user's %s, then every session of that user ends, and only his", async (_field, c) => {
      await change(c);
      expect(await liveSessions(target)).toBe(0);
      expect(await liveSessions(admin)).toBe(1);
    });

    it('when an admin changes only the name and email, then the sessions live on', async () => {
      await change({ fullName: 'Renamed', email: 'renamed@example.com' });
      expect(await liveSessions(target)).toBe(2);
    });

    it('when an admin restates the current flags along with a new name, then the sessions live on', async () => {
      await change({ fullName: 'Renamed', isActive: true, isAdmin: false });
      expect(await liveSessions(target)).toBe(2);
    });
  });
});
