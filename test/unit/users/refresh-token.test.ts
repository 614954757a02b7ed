import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import type { TokenPair } from '../../../src/application/users/ports/token-service.js';
import { RefreshToken } from '../../../src/application/users/refresh-token.js';
import type { User } from '../../../src/domain/users/user.js';
import { REFRESH_TTL_SECONDS, type World, inMemoryWorld, seedUser, signIn } from '../fakes.js';

const GRACE_SECONDS = 10;

describe('RefreshToken', () => {
  let w: World;
  let refreshToken: RefreshToken;
  let user: User;
  let first: TokenPair;

  beforeEach(async () => {
    w = inMemoryWorld();
    refreshToken = new RefreshToken(w.uow, w.tokens, w.clock, GRACE_SECONDS);
    user = await seedUser(w.users, { email: 'ada@example.com' });
    first = await signIn(w, user);
  });

  const sessionOf = async (pair: TokenPair) => (await w.tokens.verifyRefresh(pair.refreshToken)).sessionId;
  const isLive = async (pair: TokenPair) => (await w.sessions.findById(await sessionOf(pair)))?.isActive(w.clock.now());

  it('when the refresh token is valid and the user active, then a new pair is issued for him, on the same session', async () => {
    w.clock.advance(60_000);
    const next = await refreshToken.execute(first.refreshToken);
    expect(w.tokens.issuedFor).toEqual([user.id, user.id]);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(await sessionOf(next)).toBe(await sessionOf(first));
    expect((await w.authenticate.execute(next.accessToken)).user.id).toBe(user.id);
  });

  it('when a token is rotated, then only its successor is stored, as a fingerprint, and the session slides forward', async () => {
    w.clock.advance(60_000);
    const next = await refreshToken.execute(first.refreshToken);
    expect(w.sessions.added.map((r) => r.fingerprint)).toEqual([first.refreshFingerprint, next.refreshFingerprint]);
    expect(w.sessions.added.some((r) => r.fingerprint.includes(next.refreshToken))).toBe(false);
    const session = await w.sessions.findById(await sessionOf(first));
    expect(session?.lastUsedAt).toEqual(w.clock.now());
    expect(session?.expiresAt).toEqual(next.refreshExpiresAt);
    expect(next.refreshExpiresAt.getTime()).toBe(w.clock.now().getTime() + REFRESH_TTL_SECONDS * 1000);
  });

  it('when the successor is rotated in turn, then each token works exactly once along the chain', async () => {
    let pair = first;
    for (let i = 0; i < 3; i++) {
      w.clock.advance(60_000);
      pair = await refreshToken.execute(pair.refreshToken);
    }
    expect(new Set(w.sessions.added.map((r) => r.fingerprint)).size).toBe(4);
    expect(await isLive(pair)).toBe(true);
  });

  it("when a session keeps rotating past the refresh lifetime, then its expired tokens are forgotten, the others kept", async () => {
    const DAY = 86_400_000;
    const chain = [first];
    for (let day = 1; day <= 8; day++) {
      w.clock.advance(DAY);
      chain.push(await refreshToken.execute((chain.at(-1) as TokenPair).refreshToken));
    }
    // Day 8: the tokens issued on days 0 and 1 have expired (7-day lifetime); days 2 to 8 are kept,
    // the used ones among them still there to catch a reuse.
    const stored = await Promise.all(chain.map(async (p) => (await w.sessions.lockRefreshToken(p.refreshFingerprint)) !== null));
    expect(stored).toEqual([false, false, true, true, true, true, true, true, true]);
    w.clock.advance(GRACE_SECONDS * 1000 + 1);
    await expect(refreshToken.execute((chain[2] as TokenPair).refreshToken)).rejects.toThrow(/reuse/);
  });

  it('when a used token is presented again after the grace window, then the session is revoked and InvalidTokenError', async () => {
    const next = await refreshToken.execute(first.refreshToken);
    w.clock.advance(GRACE_SECONDS * 1000 + 1);
    const err = await refreshToken.execute(first.refreshToken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTokenError);
    expect((err as Error).message).toMatch(/reuse/);
    expect(await isLive(first)).toBe(false);
    // Everything of that family is dead: the latest access token and the latest refresh token.
    await expect(w.authenticate.execute(next.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(refreshToken.execute(next.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it("when a token is reused, then the user's other sessions live on", async () => {
    const other = await signIn(w, user);
    await refreshToken.execute(first.refreshToken);
    w.clock.advance(GRACE_SECONDS * 1000 + 1);
    await expect(refreshToken.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await isLive(other)).toBe(true);
    await expect(refreshToken.execute(other.refreshToken)).resolves.toBeDefined();
  });

  it('when a used token is presented again within the grace window, then the very same pair and nothing new stored', async () => {
    const next = await refreshToken.execute(first.refreshToken);
    const stored = w.sessions.added.length;
    w.clock.advance(GRACE_SECONDS * 1000);
    const again = await refreshToken.execute(first.refreshToken);
    expect(again).toEqual(next);
    expect(w.sessions.added).toHaveLength(stored);
    expect(await isLive(first)).toBe(true);
    await expect(w.authenticate.execute(again.accessToken)).resolves.toBeDefined();
  });

  it('when the grace window is 0, then any later second use is reuse', async () => {
    const strict = new RefreshToken(w.uow, w.tokens, w.clock, 0);
    await strict.execute(first.refreshToken);
    w.clock.advance(1);
    await expect(strict.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await isLive(first)).toBe(false);
  });

  it('when the same token is rotated concurrently, then the rotations are serialised: one pair, one successor stored', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => refreshToken.execute(first.refreshToken)));
    expect(new Set(results.map((p) => p.refreshToken)).size).toBe(1);
    expect(w.sessions.added).toHaveLength(2);
  });

  it('when the session was revoked, then its refresh token is refused and nothing is issued', async () => {
    await w.sessions.revoke(await sessionOf(first), user.id, w.clock.now(), 'logout');
    await expect(refreshToken.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(w.tokens.issuedFor).toEqual([user.id]);
  });

  it('when a correctly formed token was never stored, then InvalidTokenError', async () => {
    const forged = await w.tokens.issuePair({ userId: user.id, sessionId: await sessionOf(first) }, 'unknown', w.clock.now());
    await expect(refreshToken.execute(forged.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when an access token is offered as a refresh token, then InvalidTokenError and nothing is issued', async () => {
    await expect(refreshToken.execute(first.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(w.tokens.issuedFor).toEqual([user.id]);
  });

  it('when the user no longer exists, then InvalidTokenError', async () => {
    await w.users.delete(user.id);
    await expect(refreshToken.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(w.tokens.issuedFor).toEqual([user.id]);
  });

  it('when the user was deactivated, then InvalidTokenError', async () => {
    await w.users.update(user.id, { isActive: false }, new Date());
    await expect(refreshToken.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the token is garbage, then InvalidTokenError', async () => {
    await expect(refreshToken.execute('garbage')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
