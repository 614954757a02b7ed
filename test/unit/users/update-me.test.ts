import { beforeEach, describe, expect, it } from 'vitest';
import { UpdateMe } from '../../../src/application/users/update-me.js';
import type { User } from '../../../src/domain/users/user.js';
import { EmailTakenError, InvalidEmailError, UserNotFoundError } from '../../../src/domain/users/errors.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { FixedClock, seedUser, snapshot, verificationMail } from '../fakes.js';

describe('UpdateMe', () => {
  let users: InMemoryUserRepository;
  let clock: FixedClock;
  let updateMe: UpdateMe;
  let me: User;

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    clock = new FixedClock();
    updateMe = new UpdateMe(users, clock, verificationMail(users, clock).sendVerification);
    me = await seedUser(users, { email: 'me@example.com', fullName: 'Me' });
    clock.advance(60_000);
  });

  const stored = async () => snapshot(await users.findById(me.id));

  it('when a user changes his name and email, then both are stored normalised with updated_at now', async () => {
    const updated = await updateMe.execute({ userId: me.id, email: ' Renamed@Example.com', fullName: '  New Me ' });
    const expected = { ...snapshot(me), email: 'renamed@example.com', fullName: 'New Me', updatedAt: clock.now().toISOString() };
    expect(snapshot(updated)).toEqual(expected);
    expect(await stored()).toEqual(expected);
  });

  it('when the full name is absent, then it is kept; when null, then cleared', async () => {
    await updateMe.execute({ userId: me.id, email: 'other-me@example.com' });
    expect((await users.findById(me.id))?.fullName).toBe('Me');
    await updateMe.execute({ userId: me.id, fullName: null });
    expect((await users.findById(me.id))?.fullName).toBeNull();
  });

  it('when the command carries flags and a password, then they are ignored', async () => {
    const cmd = { userId: me.id, fullName: 'Me Again', isAdmin: true, isActive: false, password: 'hacked-password', passwordHash: 'x' };
    await updateMe.execute(cmd);
    expect(await stored()).toEqual({ ...snapshot(me), fullName: 'Me Again', updatedAt: clock.now().toISOString() });
  });

  it("when the new email is another user's, then EmailTakenError and nothing changes", async () => {
    await seedUser(users, { email: 'taken@example.com' });
    await expect(updateMe.execute({ userId: me.id, email: 'TAKEN@example.com', fullName: 'X' })).rejects.toBeInstanceOf(
      EmailTakenError,
    );
    expect(await stored()).toEqual(snapshot(me));
  });

  it('when the new email is his own in another case, then it is accepted', async () => {
    const updated = await updateMe.execute({ userId: me.id, email: 'ME@EXAMPLE.COM' });
    expect(updated.email.value).toBe('me@example.com');
  });

  it('when the new email is invalid, then InvalidEmailError and nothing changes', async () => {
    await expect(updateMe.execute({ userId: me.id, email: 'me at example.com' })).rejects.toBeInstanceOf(InvalidEmailError);
    expect(await stored()).toEqual(snapshot(me));
  });

  it('when the user no longer exists, then UserNotFoundError', async () => {
    await users.delete(me.id);
    await expect(updateMe.execute({ userId: me.id, fullName: 'Ghost' })).rejects.toBeInstanceOf(UserNotFoundError);
  });
});
