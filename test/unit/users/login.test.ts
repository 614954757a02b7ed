import { beforeEach, describe, expect, it } from 'vitest';
import { EmailNotVerifiedError, InactiveUserError, InvalidCredentialsError, TooManyAttemptsError } from '../../../src/application/users/errors.js';
import { Login, type LoginCommand } from '../../../src/application/users/login.js';
import { PasswordCheck } from '../../../src/application/users/password-check.js';
import type { LoginThrottle } from '../../../src/application/users/ports/login-throttle.js';
import {
  CLIENT,
  PASSWORD,
  UnreachableEmailLookupRepository,
  type World,
  inMemoryWorld,
  memoryLoginThrottle,
  seedUser,
  snapshot,
} from '../fakes.js';

const THRESHOLD = 3;

describe('Login', () => {
  let w: World;
  let throttle: LoginThrottle;
  let login: Login;

  beforeEach(() => {
    w = inMemoryWorld();
    throttle = memoryLoginThrottle({ threshold: THRESHOLD, maxSeconds: 60 });
    login = new Login(w.users, w.hasher, new PasswordCheck(w.hasher, throttle), w.startSession, false);
  });

  const cmd = (email: string, password: string): LoginCommand => ({ email, password, ...CLIENT });

  async function failure(email: string, password: string): Promise<unknown> {
    return login.execute(cmd(email, password)).then(
      () => expect.fail('login should have failed'),
      (err: unknown) => err,
    );
  }

  it('when the email and password are right, then a pair is issued for that user, on a new session', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const pair = await login.execute(cmd('ada@example.com', PASSWORD));
    expect(w.tokens.issuedFor).toEqual([user.id]);
    expect(w.hasher.verified).toEqual([{ hash: `hashed:${PASSWORD}`, password: PASSWORD }]);
    const { userId, sessionId } = await w.tokens.verifyAccess(pair.accessToken);
    expect(userId).toBe(user.id);
    const sessions = await w.sessions.listActive(user.id, w.clock.now());
    expect(sessions.map((s) => ({ id: s.id, userAgent: s.userAgent, ip: s.ip }))).toEqual([{ id: sessionId, ...CLIENT }]);
    expect(w.sessions.added.map((r) => r.fingerprint)).toEqual([pair.refreshFingerprint]);
  });

  it('when a user logs in twice, then he has two sessions with different tokens', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const a = await login.execute(cmd('ada@example.com', PASSWORD));
    const b = await login.execute(cmd('ada@example.com', PASSWORD));
    expect(a.refreshToken).not.toBe(b.refreshToken);
    expect(await w.sessions.listActive(user.id, w.clock.now())).toHaveLength(2);
  });

  it('when the email differs in case and spacing, then the user still logs in', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    await login.execute(cmd('  ADA@Example.com ', PASSWORD));
    expect(w.tokens.issuedFor).toEqual([user.id]);
  });

  it('when the email is unknown, then the hasher still verifies once, against a hash of no user', async () => {
    await seedUser(w.users, { email: 'ada@example.com' });
    const err = await failure('nobody@example.com', PASSWORD);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(w.hasher.verified).toHaveLength(1);
    expect(w.hasher.verified[0]?.password).toBe(PASSWORD);
    expect(w.hasher.verified[0]?.hash).not.toBe(`hashed:${PASSWORD}`);
    expect(w.tokens.issuedFor).toEqual([]);
  });

  it('when the email is malformed, then it fails like an unknown account, after one verification', async () => {
    const err = await failure('not an email', PASSWORD);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(w.hasher.verified).toHaveLength(1);
  });

  it('when the password is wrong, then the same InvalidCredentialsError as for an unknown email', async () => {
    await seedUser(w.users, { email: 'ada@example.com' });
    const wrong = await failure('ada@example.com', 'wrong-password');
    const unknown = await failure('nobody@example.com', 'wrong-password');
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
    expect(w.hasher.verified).toHaveLength(2);
    expect(w.tokens.issuedFor).toEqual([]);
    expect(w.sessions.added).toEqual([]);
  });

  it('when the user is inactive and the password is right, then InactiveUserError and no tokens', async () => {
    await seedUser(w.users, { email: 'gone@example.com', isActive: false });
    expect(await failure('gone@example.com', PASSWORD)).toBeInstanceOf(InactiveUserError);
    expect(w.tokens.issuedFor).toEqual([]);
    expect(w.sessions.added).toEqual([]);
  });

  it('when the user is inactive and the password is wrong, then InvalidCredentialsError, revealing nothing', async () => {
    await seedUser(w.users, { email: 'gone@example.com', isActive: false });
    const err = await failure('gone@example.com', 'wrong-password');
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err).not.toBeInstanceOf(InactiveUserError);
  });

  it('when the user store fails, then that error surfaces instead of a credentials error', async () => {
    const broken = new Login(new UnreachableEmailLookupRepository(), w.hasher, new PasswordCheck(w.hasher, throttle), w.startSession, false);
    const err = await broken.execute(cmd('ada@example.com', PASSWORD)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toBe('connection refused');
  });

  describe('rehash', () => {
    it('when the stored hash has old parameters, then it is replaced by a current one, keeping updated_at', async () => {
      const user = await seedUser(w.users, { email: 'old@example.com', passwordHash: `legacy:${PASSWORD}` });
      await login.execute(cmd('old@example.com', PASSWORD));
      expect(w.hasher.hashed).toEqual([PASSWORD]);
      expect(snapshot(await w.users.findById(user.id))).toEqual({ ...snapshot(user), passwordHash: `hashed:${PASSWORD}` });
      // The upgraded hash still verifies, and is not upgraded again.
      await login.execute(cmd('old@example.com', PASSWORD));
      expect(w.hasher.hashed).toEqual([PASSWORD]);
    });

    it('when the stored hash is current, then nothing is hashed or written', async () => {
      const user = await seedUser(w.users, { email: 'ada@example.com' });
      await login.execute(cmd('ada@example.com', PASSWORD));
      expect(w.hasher.hashed).toEqual([]);
      expect(snapshot(await w.users.findById(user.id))).toEqual(snapshot(user));
    });

    it('when the password changes between the read and the rehash, then the new password is kept, not overwritten', async () => {
      const user = await seedUser(w.users, { email: 'old@example.com', passwordHash: `legacy:${PASSWORD}` });
      // Someone changes the password (e.g. the owner, who fears PASSWORD has leaked) right after
      // this login has read the user: the rehash must not put the old password back.
      const read = w.users.findByEmail.bind(w.users);
      w.users.findByEmail = async (email) => {
        const found = await read(email);
        await w.users.update(user.id, { passwordHash: 'hashed:the-new-password' }, w.clock.now());
        return found;
      };
      await login.execute(cmd('old@example.com', PASSWORD));
      expect((await w.users.findById(user.id))?.passwordHash).toBe('hashed:the-new-password');
    });

    it('when the password is wrong, then an old hash is left as it is', async () => {
      const user = await seedUser(w.users, { email: 'old@example.com', passwordHash: `legacy:${PASSWORD}` });
      await failure('old@example.com', 'wrong-password');
      expect(w.hasher.hashed).toEqual([]);
      expect((await w.users.findById(user.id))?.passwordHash).toBe(`legacy:${PASSWORD}`);
    });
  });

  describe('lockout', () => {
    it('when an account reaches the failure threshold, then even the right password is refused, unverified', async () => {
      await seedUser(w.users, { email: 'ada@example.com' });
      for (let i = 0; i < THRESHOLD; i++) expect(await failure('ada@example.com', 'wrong-password')).toBeInstanceOf(InvalidCredentialsError);
      const verified = w.hasher.verified.length;
      const err = await failure('ADA@example.com ', PASSWORD);
      expect(err).toBeInstanceOf(TooManyAttemptsError);
      expect((err as TooManyAttemptsError).retryAfterSeconds).toBe(1);
      expect(w.hasher.verified).toHaveLength(verified);
      expect(w.tokens.issuedFor).toEqual([]);
    });

    it('when failures stay under the threshold and then the password is right, then the count starts again', async () => {
      await seedUser(w.users, { email: 'ada@example.com' });
      for (let i = 0; i < THRESHOLD - 1; i++) await failure('ada@example.com', 'wrong-password');
      await login.execute(cmd('ada@example.com', PASSWORD));
      for (let i = 0; i < THRESHOLD - 1; i++) await failure('ada@example.com', 'wrong-password');
      await expect(login.execute(cmd('ada@example.com', PASSWORD))).resolves.toBeDefined();
    });

    it('when an unknown email keeps failing, then it is locked out like a real one (nothing tells them apart)', async () => {
      for (let i = 0; i < THRESHOLD; i++) await failure('nobody@example.com', 'wrong-password');
      expect(await failure('nobody@example.com', 'wrong-password')).toBeInstanceOf(TooManyAttemptsError);
    });

    it("when one account is locked out, then another account's login is unaffected", async () => {
      await seedUser(w.users, { email: 'ada@example.com' });
      for (let i = 0; i < THRESHOLD; i++) await failure('victim@example.com', 'wrong-password');
      await expect(login.execute(cmd('ada@example.com', PASSWORD))).resolves.toBeDefined();
    });
  });

  describe('with REQUIRE_EMAIL_VERIFICATION on', () => {
    let strict: Login;

    beforeEach(() => {
      strict = new Login(w.users, w.hasher, new PasswordCheck(w.hasher, throttle), w.startSession, true);
    });

    it('when an unverified user gives the right password, then EmailNotVerifiedError and no session', async () => {
      await seedUser(w.users, { email: 'ada@example.com', isVerified: false });
      await expect(strict.execute(cmd('ada@example.com', PASSWORD))).rejects.toBeInstanceOf(EmailNotVerifiedError);
      expect(w.tokens.issuedFor).toEqual([]);
      expect(w.sessions.added).toEqual([]);
    });

    it('when an unverified user gives a wrong password, then InvalidCredentialsError, revealing nothing', async () => {
      await seedUser(w.users, { email: 'ada@example.com', isVerified: false });
      const err = await strict.execute(cmd('ada@example.com', 'wrong-password')).then(
        () => expect.fail('login should have failed'),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidCredentialsError);
    });

    it('when an unverified user is also inactive, then InactiveUserError comes first', async () => {
      await seedUser(w.users, { email: 'ada@example.com', isVerified: false, isActive: false });
      await expect(strict.execute(cmd('ada@example.com', PASSWORD))).rejects.toBeInstanceOf(InactiveUserError);
    });

    it('when a verified user logs in, then a pair is issued', async () => {
      const user = await seedUser(w.users, { email: 'ada@example.com', isVerified: true });
      await strict.execute(cmd('ada@example.com', PASSWORD));
      expect(w.tokens.issuedFor).toEqual([user.id]);
    });
  });

  it('with REQUIRE_EMAIL_VERIFICATION off, an unverified user logs in', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com', isVerified: false });
    await login.execute(cmd('ada@example.com', PASSWORD));
    expect(w.tokens.issuedFor).toEqual([user.id]);
  });
});
