import { beforeEach, describe, expect, it } from 'vitest';
import { EnsureAdmin } from '../../../src/application/users/ensure-admin.js';
import { RegisterUser } from '../../../src/application/users/register-user.js';
import { Email } from '../../../src/domain/users/email.js';
import { WeakPasswordError } from '../../../src/domain/users/errors.js';
import { User } from '../../../src/domain/users/user.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { FakePasswordHasher, FixedClock, RacingUserRepository, newPasswordGate, seedUser, snapshot, verificationMail } from '../fakes.js';

const ADMIN = { email: 'root@example.com', password: 'first-admin-password' };

describe('EnsureAdmin', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let clock: FixedClock;
  let ensureAdmin: EnsureAdmin;

  function build(repo: InMemoryUserRepository): EnsureAdmin {
    return new EnsureAdmin(repo, new RegisterUser(repo, newPasswordGate(hasher), clock, verificationMail(repo, clock).sendVerification), clock);
  }

  beforeEach(() => {
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    clock = new FixedClock();
    ensureAdmin = build(users);
  });

  const total = async (repo = users) => (await repo.list({ skip: 0, limit: 100 })).total;

  it('when no such user exists, then an active admin is created with the hashed password', async () => {
    const { user, outcome } = await ensureAdmin.execute(ADMIN);
    expect(outcome).toBe('created');
    expect(await users.findById(user.id)).toMatchObject({
      isAdmin: true,
      isActive: true,
      passwordHash: `hashed:${ADMIN.password}`,
      fullName: null,
    });
    expect(hasher.hashed).toEqual([ADMIN.password]);
  });

  it('when run again, then the admin is unchanged, not duplicated and not re-hashed', async () => {
    const first = await ensureAdmin.execute(ADMIN);
    clock.advance(60_000);
    const second = await ensureAdmin.execute({ email: ' ROOT@example.com ', password: 'a-changed-password' });
    expect(second.outcome).toBe('unchanged');
    expect(second.user.id).toBe(first.user.id);
    expect(snapshot(await users.findById(first.user.id))).toEqual(snapshot(first.user));
    expect(await total()).toBe(1);
    expect(hasher.hashed).toEqual([ADMIN.password]);
  });

  it('when a non-admin has the email, then he is promoted, his address counts as verified, and he keeps his password', async () => {
    const existing = await seedUser(users, { email: ADMIN.email, password: 'his-own-password', fullName: 'Root' });
    clock.advance(60_000);
    const { user, outcome } = await ensureAdmin.execute(ADMIN);
    expect(outcome).toBe('promoted');
    expect(user.id).toBe(existing.id);
    expect(snapshot(await users.findById(existing.id))).toEqual({
      ...snapshot(existing),
      isAdmin: true,
      isVerified: true,
      updatedAt: clock.now().toISOString(),
    });
    expect(hasher.hashed).toEqual([]);
  });

  it('when an inactive admin has the email, then he is reactivated', async () => {
    const existing = await seedUser(users, { email: ADMIN.email, isAdmin: true, isActive: false });
    const { outcome } = await ensureAdmin.execute(ADMIN);
    expect(outcome).toBe('promoted');
    expect(await users.findById(existing.id)).toMatchObject({ isActive: true, isAdmin: true });
  });

  it('when another replica creates the user between lookup and insert, then he is promoted, not an error', async () => {
    const rival = User.register({ email: Email.parse(ADMIN.email), passwordHash: 'hashed:rival-password', fullName: null, at: clock.now() });
    const racing = new RacingUserRepository(rival);
    const { user, outcome } = await build(racing).execute(ADMIN);
    expect(outcome).toBe('promoted');
    expect(await racing.findById(user.id)).toMatchObject({ isAdmin: true, passwordHash: 'hashed:rival-password' });
    expect(await total(racing)).toBe(1);
  });

  it('when the password is too weak for a new admin, then WeakPasswordError and nobody is created', async () => {
    await expect(ensureAdmin.execute({ email: ADMIN.email, password: 'short' })).rejects.toBeInstanceOf(WeakPasswordError);
    expect(await total()).toBe(0);
  });
});
