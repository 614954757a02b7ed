import { beforeEach, describe, expect, it } from 'vitest';
import { ListSessions } from '../../../src/application/sessions/list-sessions.js';
import { RevokeSession } from '../../../src/application/sessions/revoke-session.js';
import { SweepEndedSessions } from '../../../src/application/sessions/sweep-ended-sessions.js';
import { SessionNotFoundError } from '../../../src/domain/sessions/errors.js';
import type { User } from '../../../src/domain/users/user.js';
import { CLIENT, REFRESH_TTL_SECONDS, type World, inMemoryWorld, seedUser, signIn } from '../fakes.js';

describe('StartSession, ListSessions and RevokeSession', () => {
  let w: World;
  let list: ListSessions;
  let revoke: RevokeSession;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    w = inMemoryWorld();
    list = new ListSessions(w.sessions, w.clock);
    revoke = new RevokeSession(w.sessions, w.clock);
    ada = await seedUser(w.users, { email: 'ada@example.com' });
    bob = await seedUser(w.users, { email: 'bob@example.com' });
  });

  const sessionIdOf = async (token: string) => (await w.tokens.verifyAccess(token)).sessionId;

  it('when a session starts, then it records the client, the time and the expiry, and stores only the fingerprint', async () => {
    const pair = await signIn(w, ada);
    const session = await w.sessions.findById(await sessionIdOf(pair.accessToken));
    const now = w.clock.now();
    expect(session).toMatchObject({
      userId: ada.id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TTL_SECONDS * 1000),
      revokedAt: null,
      ...CLIENT,
    });
    expect(w.sessions.added).toEqual([
      { fingerprint: pair.refreshFingerprint, sessionId: session?.id, createdAt: now, expiresAt: pair.refreshExpiresAt },
    ]);
    expect(pair.refreshFingerprint).not.toContain(pair.refreshToken);
  });

  it('when ended sessions are swept, then those ended more than one refresh lifetime ago go, of every user, recent ones kept', async () => {
    const TTL = REFRESH_TTL_SECONDS * 1000;
    const sweep = new SweepEndedSessions(w.sessions, w.clock, REFRESH_TTL_SECONDS);
    const oldRevoked = await sessionIdOf((await signIn(w, ada)).accessToken);
    const expired = await sessionIdOf((await signIn(w, ada)).accessToken);
    const bobsExpired = await sessionIdOf((await signIn(w, bob)).accessToken);
    await w.sessions.revoke(oldRevoked, ada.id, w.clock.now(), 'logout');
    w.clock.advance(TTL + 1_000);
    const recentRevoked = await sessionIdOf((await signIn(w, ada)).accessToken);
    await w.sessions.revoke(recentRevoked, ada.id, w.clock.now(), 'logout');
    const live = await sessionIdOf((await signIn(w, bob)).accessToken);
    w.clock.advance(TTL);
    expect(await sweep.execute()).toBe(3);
    for (const gone of [oldRevoked, expired, bobsExpired]) expect(await w.sessions.findById(gone)).toBeNull();
    for (const kept of [recentRevoked, live]) expect(await w.sessions.findById(kept)).not.toBeNull();
  });

  it('when more sessions have ended than one batch holds, then one sweep deletes them all', async () => {
    for (let i = 0; i < 1_005; i++) await signIn(w, ada);
    w.clock.advance(3 * REFRESH_TTL_SECONDS * 1000);
    expect(await new SweepEndedSessions(w.sessions, w.clock, REFRESH_TTL_SECONDS).execute()).toBe(1_005);
  });

  it("when a user lists his sessions, then he sees his live ones, newest first, and none of anyone else's", async () => {
    const first = await signIn(w, ada);
    w.clock.advance(1_000);
    const second = await signIn(w, ada);
    w.clock.advance(1_000);
    const revoked = await signIn(w, ada);
    await signIn(w, bob);
    await w.sessions.revoke(await sessionIdOf(revoked.accessToken), ada.id, w.clock.now(), 'logout');
    const ids = (await list.execute(ada.id)).map((s) => s.id);
    expect(ids).toEqual([await sessionIdOf(second.accessToken), await sessionIdOf(first.accessToken)]);
  });

  it('when a session has expired, then it is no longer listed', async () => {
    await signIn(w, ada);
    w.clock.advance(REFRESH_TTL_SECONDS * 1000);
    expect(await list.execute(ada.id)).toEqual([]);
  });

  it('when a user revokes one of his sessions, then only that one ends', async () => {
    const keep = await signIn(w, ada);
    const drop = await signIn(w, ada);
    await revoke.execute({ userId: ada.id, sessionId: await sessionIdOf(drop.accessToken) });
    expect((await list.execute(ada.id)).map((s) => s.id)).toEqual([await sessionIdOf(keep.accessToken)]);
    expect((await w.sessions.findById(await sessionIdOf(drop.accessToken)))?.revokedAt).toEqual(w.clock.now());
  });

  it("when a user revokes another user's session, then SessionNotFoundError and that session lives on", async () => {
    const his = await signIn(w, bob);
    const sessionId = await sessionIdOf(his.accessToken);
    await expect(revoke.execute({ userId: ada.id, sessionId })).rejects.toBeInstanceOf(SessionNotFoundError);
    expect((await w.sessions.findById(sessionId))?.isActive(w.clock.now())).toBe(true);
  });

  it.each(['00000000-0000-4000-8000-000000000000', 'not-a-uuid'])(
    'when a user revokes an unknown session %j, then SessionNotFoundError',
    async (sessionId) => {
      await expect(revoke.execute({ userId: ada.id, sessionId })).rejects.toBeInstanceOf(SessionNotFoundError);
    },
  );

  it('when a user revokes a session already revoked, then SessionNotFoundError', async () => {
    const pair = await signIn(w, ada);
    const sessionId = await sessionIdOf(pair.accessToken);
    await revoke.execute({ userId: ada.id, sessionId });
    await expect(revoke.execute({ userId: ada.id, sessionId })).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});
