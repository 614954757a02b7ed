import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/application/users/authenticate.js';
import { ChangePassword } from '../../../src/application/users/change-password.js';
import { InvalidCurrentPasswordError, TooManyAttemptsError } from '../../../src/application/users/errors.js';
import { Login } from '../../../src/application/users/login.js';
import { PasswordCheck } from '../../../src/application/users/password-check.js';
import type { TokenPair } from '../../../src/application/users/ports/token-service.js';
import { CommonPasswordError, UserNotFoundError, WeakPasswordError } from '../../../src/domain/users/errors.js';
import type { User } from '../../../src/domain/users/user.js';
import {
  CLIENT,
  PASSWORD,
  accessWorks,
  type World,
  inMemoryWorld,
  memoryLoginThrottle,
  newPasswordGate,
  seedUser,
  signIn,
  snapshot,
} from '../fakes.js';

const NEW_PASSWORD = 'a-brand-new-password';

describe('ChangePassword', () => {
  let w: World;
  let changePassword: ChangePassword;
  let ada: User;
  let bob: User;
  let current: TokenPair;
  let other: TokenPair;
  let me: Principal;

  beforeEach(async () => {
    w = inMemoryWorld();
    changePassword = new ChangePassword(w.uow, new PasswordCheck(w.hasher, memoryLoginThrottle({ threshold: 100, maxSeconds: 1 })), newPasswordGate(w.hasher), w.clock);
    ada = await seedUser(w.users, { email: 'ada@example.com' });
    bob = await seedUser(w.users, { email: 'bob@example.com' });
    current = await signIn(w, ada);
    other = await signIn(w, ada);
    me = await w.authenticate.execute(current.accessToken);
    w.clock.advance(60_000);
  });

  const works = (pair: TokenPair) => accessWorks(w, pair);

  it('when the current password is right, then the new hash is stored, other sessions end and this one stays', async () => {
    const his = await signIn(w, bob);
    await changePassword.execute(me, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(snapshot(await w.users.findById(ada.id))).toEqual({
      ...snapshot(ada),
      passwordHash: `hashed:${NEW_PASSWORD}`,
      updatedAt: w.clock.now().toISOString(),
    });
    expect(await works(current)).toBe(true);
    expect(await works(other)).toBe(false);
    expect(await works(his)).toBe(true);
  });

  it('when the current password is wrong, then InvalidCurrentPasswordError, nothing hashed or stored, no session ends', async () => {
    await expect(changePassword.execute(me, { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD })).rejects.toBeInstanceOf(
      InvalidCurrentPasswordError,
    );
    expect(w.hasher.hashed).toEqual([]);
    expect(snapshot(await w.users.findById(ada.id))).toEqual(snapshot(ada));
    expect([await works(current), await works(other)]).toEqual([true, true]);
  });

  it.each<[string, string, abstract new (...args: never[]) => Error]>([
    ['too short', 'short', WeakPasswordError],
    ['too long', 'x'.repeat(129), WeakPasswordError],
    ['common', 'QwertyUiop', CommonPasswordError],
  ])('when the new password is %s, then it is refused like at registration, and nothing changes', async (_what, newPassword, error) => {
    await expect(changePassword.execute(me, { currentPassword: PASSWORD, newPassword })).rejects.toBeInstanceOf(error);
    expect(w.hasher.hashed).toEqual([]);
    expect(snapshot(await w.users.findById(ada.id))).toEqual(snapshot(ada));
    expect(await works(other)).toBe(true);
  });

  it('when the current password is guessed wrong too often, then the account is locked: here and at login', async () => {
    const throttle = memoryLoginThrottle({ threshold: 3, maxSeconds: 60 });
    const guarded = new ChangePassword(w.uow, new PasswordCheck(w.hasher, throttle), newPasswordGate(w.hasher), w.clock);
    const login = new Login(w.users, w.hasher, new PasswordCheck(w.hasher, throttle), w.startSession, false);
    for (let i = 0; i < 3; i++) {
      await expect(guarded.execute(me, { currentPassword: `guess-${i}`, newPassword: NEW_PASSWORD })).rejects.toBeInstanceOf(
        InvalidCurrentPasswordError,
      );
    }
    const verified = w.hasher.verified.length;
    await expect(guarded.execute(me, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(login.execute({ email: 'ada@example.com', password: PASSWORD, ...CLIENT })).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect(w.hasher.verified).toHaveLength(verified);
    expect((await w.users.findById(ada.id))?.passwordHash).toBe(`hashed:${PASSWORD}`);
  });

  it('when the user was deleted meanwhile, then UserNotFoundError', async () => {
    await w.users.delete(ada.id);
    await expect(changePassword.execute(me, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
  });
});
