import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRepository } from '../../src/application/sessions/ports/session-repository.js';
import type { UnitOfWork } from '../../src/application/shared/unit-of-work.js';
import type { UserRepository } from '../../src/application/users/ports/user-repository.js';
import type { NewSession, Session } from '../../src/domain/sessions/session.js';
import { Email } from '../../src/domain/users/email.js';
import type { User } from '../../src/domain/users/user.js';
import { uniqueEmail } from '../support/database.js';

export interface SessionStoreUnderTest {
  sessions: SessionRepository;
  /** The users the sessions belong to (the pg store has a foreign key to them). */
  users: UserRepository;
  uow: UnitOfWork;
  cleanup?: () => Promise<void>;
}

const T0 = new Date('2030-03-04T05:06:07.089Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const DAY = 86_400;

function plain(s: Session | null): Record<string, unknown> | null {
  if (!s) return null;
  return {
    id: s.id,
    userId: s.userId,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
    userAgent: s.userAgent,
    ip: s.ip,
  };
}

const fingerprint = () => randomBytes(32).toString('hex');

/**
 * The SessionRepository port, held to one spec for every adapter. One store for the suite: each test
 * makes its own users, so the tests hold on a shared database too.
 */
export function sessionRepositoryContract(name: string, make: () => Promise<SessionStoreUnderTest>): void {
  describe(`SessionRepository contract (${name})`, () => {
    let store: SessionStoreUnderTest;
    let repo: SessionRepository;

    beforeAll(async () => {
      store = await make();
      repo = store.sessions;
    });
    afterAll(async () => {
      await store.cleanup?.();
    });

    async function user(opts: { isActive?: boolean } = {}): Promise<User> {
      return store.users.insert({
        email: Email.parse(uniqueEmail('session')),
        fullName: 'Ada',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        isActive: opts.isActive ?? true,
        isAdmin: false,
        isVerified: false,
        createdAt: T0,
        updatedAt: T0,
      });
    }

    /** Opens a session with a first refresh token that is never presented; nothing swept. */
    function session(u: User, overrides: Partial<NewSession> = {}): Promise<Session> {
      return open(u, overrides, fingerprint());
    }

    function open(u: User, overrides: Partial<NewSession>, tokenFingerprint: string): Promise<Session> {
      const id = overrides.id ?? repo.nextId();
      const token = { fingerprint: tokenFingerprint, sessionId: id, createdAt: T0, expiresAt: at(7 * DAY) };
      return repo.open({
        id,
        userId: u.id,
        createdAt: T0,
        lastUsedAt: T0,
        expiresAt: at(7 * DAY),
        userAgent: 'Mozilla/5.0 (contract)',
        ip: '198.51.100.4',
        ...overrides,
      }, token);
    }

    describe('create and find', () => {
      it('when a session is created, then create and findById return every field as given, not revoked', async () => {
        const u = await user();
        const created = await session(u, { createdAt: at(1), lastUsedAt: at(2), expiresAt: at(3), userAgent: null, ip: '2001:db8::1' });
        const expected = {
          id: created.id,
          userId: u.id,
          createdAt: at(1).toISOString(),
          lastUsedAt: at(2).toISOString(),
          expiresAt: at(3).toISOString(),
          revokedAt: null,
          userAgent: null,
          ip: '2001:db8::1',
        };
        expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(plain(created)).toEqual(expected);
        expect(plain(await repo.findById(created.id))).toEqual(expected);
      });

      it('when two sessions are created, then each gets its own id', async () => {
        const u = await user();
        const [a, b] = [await session(u), await session(u)];
        expect(a.id).not.toBe(b.id);
      });

      it.each([randomUUID(), 'not-a-uuid', '', "'; DROP TABLE sessions; --"])('when the id is unknown (%j), then findById returns null', async (id) => {
        expect(await repo.findById(id)).toBeNull();
      });
    });

    describe('findActiveUser (the per-request check)', () => {
      it('when the session is live and the user active, then every field of the user is returned', async () => {
        const u = await user();
        const s = await session(u);
        const found = await repo.findActiveUser(s.id, u.id, at(60));
        const fields = (x: User | null) =>
          x && { id: x.id, email: x.email.value, fullName: x.fullName, passwordHash: x.passwordHash, isActive: x.isActive, isAdmin: x.isAdmin, createdAt: x.createdAt, updatedAt: x.updatedAt };
        expect(fields(found)).toEqual(fields(u));
      });

      it('when the session belongs to another user, then null', async () => {
        const [a, b] = [await user(), await user()];
        const s = await session(a);
        expect(await repo.findActiveUser(s.id, b.id, at(60))).toBeNull();
      });

      it('when the session is revoked, then null', async () => {
        const u = await user();
        const s = await session(u);
        await repo.revoke(s.id, u.id, at(10), 'logout');
        expect(await repo.findActiveUser(s.id, u.id, at(60))).toBeNull();
      });

      it('when the session expires exactly now or earlier, then null; a millisecond before, the user', async () => {
        const u = await user();
        const s = await session(u, { expiresAt: at(100) });
        expect(await repo.findActiveUser(s.id, u.id, new Date(at(100).getTime() - 1))).not.toBeNull();
        expect(await repo.findActiveUser(s.id, u.id, at(100))).toBeNull();
        expect(await repo.findActiveUser(s.id, u.id, at(200))).toBeNull();
      });

      it('when the user is inactive, then null', async () => {
        const u = await user();
        const s = await session(u);
        await store.users.update(u.id, { isActive: false }, at(1));
        expect(await repo.findActiveUser(s.id, u.id, at(60))).toBeNull();
      });

      it.each([randomUUID(), 'not-a-uuid', '', 'ZZZZZZZZ-0000-0000-0000-000000000000'])(
        'when the session id is unknown or malformed (%j), then null, not an error',
        async (id) => {
          const u = await user();
          expect(await repo.findActiveUser(id, u.id, at(60))).toBeNull();
        },
      );
    });

    describe('listActive and touch', () => {
      it("when a user's sessions are listed, then only his live ones come, newest first", async () => {
        const [u, other] = [await user(), await user()];
        const old = await session(u, { createdAt: at(1) });
        const recent = await session(u, { createdAt: at(3) });
        const revoked = await session(u, { createdAt: at(4) });
        await session(u, { createdAt: at(5), expiresAt: at(50) });
        await session(other, { createdAt: at(6) });
        await repo.revoke(revoked.id, u.id, at(10), 'logout');
        const ids = (await repo.listActive(u.id, at(60))).map((s) => s.id);
        expect(ids).toEqual([recent.id, old.id]);
      });

      it('when a user has no session, then an empty list', async () => {
        expect(await repo.listActive((await user()).id, at(0))).toEqual([]);
      });

      it('when a session is touched, then its last use and expiry move, and nothing else', async () => {
        const u = await user();
        const s = await session(u);
        await repo.touch(s.id, at(30), at(30 + 7 * DAY));
        expect(plain(await repo.findById(s.id))).toEqual({
          ...plain(s),
          lastUsedAt: at(30).toISOString(),
          expiresAt: at(30 + 7 * DAY).toISOString(),
        });
      });
    });

    describe('revoke', () => {
      it('when a live session is revoked by its owner, then true, revoked_at is set, and a second revoke is false', async () => {
        const u = await user();
        const s = await session(u);
        expect(await repo.revoke(s.id, u.id, at(10), 'revoked_by_user')).toBe(true);
        expect((await repo.findById(s.id))?.revokedAt?.toISOString()).toBe(at(10).toISOString());
        expect(await repo.revoke(s.id, u.id, at(20), 'revoked_by_user')).toBe(false);
        expect((await repo.findById(s.id))?.revokedAt?.toISOString()).toBe(at(10).toISOString());
      });

      it('when someone else revokes the session, then false and it stays live', async () => {
        const [owner, stranger] = [await user(), await user()];
        const s = await session(owner);
        expect(await repo.revoke(s.id, stranger.id, at(10), 'revoked_by_user')).toBe(false);
        expect((await repo.findById(s.id))?.revokedAt).toBeNull();
      });

      it.each([randomUUID(), 'not-a-uuid'])('when the session is unknown (%j), then false', async (id) => {
        expect(await repo.revoke(id, (await user()).id, at(10), 'revoked_by_user')).toBe(false);
      });

      it('when all sessions of a user are revoked, then the live ones are counted and ended, and nobody else is touched', async () => {
        const [u, other] = [await user(), await user()];
        const [a, b, done] = [await session(u), await session(u), await session(u)];
        const his = await session(other);
        await repo.revoke(done.id, u.id, at(5), 'logout');
        expect(await repo.revokeAllForUser(u.id, at(10), 'logout_all')).toBe(2);
        for (const s of [a, b]) expect((await repo.findById(s.id))?.revokedAt?.toISOString()).toBe(at(10).toISOString());
        expect((await repo.findById(done.id))?.revokedAt?.toISOString()).toBe(at(5).toISOString());
        expect((await repo.findById(his.id))?.revokedAt).toBeNull();
      });

      it('when all but one session are revoked, then that one stays live', async () => {
        const u = await user();
        const [keep, drop] = [await session(u), await session(u)];
        expect(await repo.revokeAllForUser(u.id, at(10), 'password_changed', keep.id)).toBe(1);
        expect((await repo.listActive(u.id, at(20))).map((s) => s.id)).toEqual([keep.id]);
        expect((await repo.findById(drop.id))?.revokedAt).not.toBeNull();
      });
    });

    describe('refresh tokens', () => {
      it('when a token is added, then lockRefreshToken reads it back, unused', async () => {
        const s = await session(await user());
        const fp = fingerprint();
        await repo.addRefreshToken({ fingerprint: fp, sessionId: s.id, createdAt: at(1), expiresAt: at(2) });
        const record = await store.uow.run((tx) => tx.sessions.lockRefreshToken(fp));
        expect(record).toEqual({ fingerprint: fp, sessionId: s.id, createdAt: at(1), expiresAt: at(2), usedAt: null });
      });

      it('when a token is marked used, then its used_at is kept, and other tokens stay unused', async () => {
        const s = await session(await user());
        const [used, fresh] = [fingerprint(), fingerprint()];
        for (const fp of [used, fresh]) await repo.addRefreshToken({ fingerprint: fp, sessionId: s.id, createdAt: at(1), expiresAt: at(DAY) });
        await repo.markRefreshTokenUsed(used, at(5));
        expect((await repo.lockRefreshToken(used))?.usedAt).toEqual(at(5));
        expect((await repo.lockRefreshToken(fresh))?.usedAt).toBeNull();
      });

      it('when the fingerprint is unknown, then null', async () => {
        expect(await repo.lockRefreshToken(fingerprint())).toBeNull();
      });

      it('when two units of work lock the same token, then the second waits for the first and sees its write', async () => {
        const s = await session(await user());
        const fp = fingerprint();
        await repo.addRefreshToken({ fingerprint: fp, sessionId: s.id, createdAt: at(1), expiresAt: at(DAY) });
        const events: string[] = [];
        let locked!: () => void;
        const firstHoldsLock = new Promise<void>((resolve) => (locked = resolve));
        const first = store.uow.run(async (tx) => {
          await tx.sessions.lockRefreshToken(fp);
          events.push('first locked');
          locked();
          await new Promise((r) => setTimeout(r, 150));
          await tx.sessions.markRefreshTokenUsed(fp, at(7));
          events.push('first wrote');
        });
        await firstHoldsLock;
        const second = store.uow.run(async (tx) => {
          const record = await tx.sessions.lockRefreshToken(fp);
          events.push('second locked');
          return record;
        });
        const [, seen] = await Promise.all([first, second]);
        expect(events).toEqual(['first locked', 'first wrote', 'second locked']);
        expect(seen?.usedAt).toEqual(at(7));
      });
    });

    describe('pruning', () => {
      it("when a session's expired tokens are deleted, then those expired by now go, used or not, and the rest stay", async () => {
        const [s, other] = [await session(await user()), await session(await user())];
        const add = async (sessionId: string, expiresAt: Date) => {
          const fp = fingerprint();
          await repo.addRefreshToken({ fingerprint: fp, sessionId, createdAt: at(0), expiresAt });
          return fp;
        };
        const [expiredUsed, expiredNow, live, othersExpired] = [
          await add(s.id, at(10)),
          await add(s.id, at(20)),
          await add(s.id, at(21)),
          await add(other.id, at(10)),
        ];
        await repo.markRefreshTokenUsed(expiredUsed, at(5));
        expect(await repo.deleteExpiredRefreshTokens(s.id, at(20))).toBe(2);
        expect(await repo.lockRefreshToken(expiredUsed)).toBeNull();
        expect(await repo.lockRefreshToken(expiredNow)).toBeNull();
        expect(await repo.lockRefreshToken(live)).not.toBeNull();
        expect(await repo.lockRefreshToken(othersExpired)).not.toBeNull();
        expect(await repo.deleteExpiredRefreshTokens('not-a-uuid', at(20))).toBe(0);
      });

      it('when a session is opened, then it is stored with its first refresh token, unused', async () => {
        const u = await user();
        const firstToken = fingerprint();
        const opened = await open(u, { createdAt: at(50), lastUsedAt: at(50) }, firstToken);
        expect(await repo.findById(opened.id)).not.toBeNull();
        expect(await repo.lockRefreshToken(firstToken)).toEqual({ fingerprint: firstToken, sessionId: opened.id, createdAt: T0, expiresAt: at(7 * DAY), usedAt: null });
      });

      it('when ended sessions are deleted, then those of any user expired or revoked before the cut go, with their tokens', async () => {
        const [u, other] = [await user(), await user()];
        const expired = await session(u, { expiresAt: at(10) });
        const revoked = await session(u);
        const recentlyRevoked = await session(u);
        const live = await session(u);
        const expiredLater = await session(u, { expiresAt: at(100) });
        const othersExpired = await session(other, { expiresAt: at(10) });
        await repo.revoke(revoked.id, u.id, at(20), 'logout');
        await repo.revoke(recentlyRevoked.id, u.id, at(60), 'logout');
        const fp = fingerprint();
        await repo.addRefreshToken({ fingerprint: fp, sessionId: expired.id, createdAt: at(0), expiresAt: at(10) });
        // Other tests' sessions share the store: sweep until nothing before the cut is left.
        while ((await repo.deleteEnded(at(50), 1_000)) > 0);
        for (const gone of [expired, revoked, othersExpired]) expect(await repo.findById(gone.id)).toBeNull();
        for (const kept of [recentlyRevoked, live, expiredLater]) expect(await repo.findById(kept.id)).not.toBeNull();
        expect(await repo.lockRefreshToken(fp)).toBeNull();
      });

      it('when ended sessions are deleted with a limit, then at most that many go per call', async () => {
        const u = await user();
        for (let i = 0; i < 3; i++) await session(u, { expiresAt: at(-1_000_000 + i) });
        expect(await repo.deleteEnded(at(-999_000), 2)).toBe(2);
        expect(await repo.deleteEnded(at(-999_000), 2)).toBe(1);
        expect(await repo.deleteEnded(at(-999_000), 2)).toBe(0);
      });

      it('when a session is opened for a user that does not exist, then it fails and stores neither the session nor its token', async () => {
        const ghost = await user();
        await store.users.delete(ghost.id);
        const id = repo.nextId();
        const fp = fingerprint();
        await expect(open(ghost, { id }, fp)).rejects.toThrow();
        expect(await repo.findById(id)).toBeNull();
        expect(await repo.lockRefreshToken(fp)).toBeNull();
      });

      it('when ids are drawn, then each is a new canonical UUID', () => {
        const ids = Array.from({ length: 100 }, () => repo.nextId());
        expect(new Set(ids).size).toBe(100);
        for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      });
    });

    describe('user ids no user can have', () => {
      it.each([2_147_483_648, Number.MAX_SAFE_INTEGER, 0, -1])('when the user id is %d, then nothing is found or revoked, and nothing throws', async (id) => {
        const s = await session(await user());
        expect(await repo.findActiveUser(s.id, id, at(60))).toBeNull();
        expect(await repo.listActive(id, at(60))).toEqual([]);
        expect(await repo.revoke(s.id, id, at(60), 'logout')).toBe(false);
        expect(await repo.revokeAllForUser(id, at(60), 'logout_all')).toBe(0);
        expect((await repo.findById(s.id))?.revokedAt).toBeNull();
      });
    });

    describe('a deleted user', () => {
      it('when the user is deleted, then his sessions and their refresh tokens go with him', async () => {
        const u = await user();
        const s = await session(u);
        const fp = fingerprint();
        await repo.addRefreshToken({ fingerprint: fp, sessionId: s.id, createdAt: at(1), expiresAt: at(DAY) });
        await store.users.delete(u.id);
        expect(await repo.findById(s.id)).toBeNull();
        expect(await repo.findActiveUser(s.id, u.id, at(60))).toBeNull();
        expect(await repo.listActive(u.id, at(60))).toEqual([]);
        expect(await repo.lockRefreshToken(fp)).toBeNull();
        expect(await repo.revoke(s.id, u.id, at(60), 'logout')).toBe(false);
      });
    });
  });
}
