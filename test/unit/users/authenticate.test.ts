import { beforeEach, describe, expect, it } from 'vitest';
import { Authenticate } from '../../../src/application/users/authenticate.js';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import { REFRESH_TTL_SECONDS, type World, inMemoryWorld, seedUser, signIn, snapshot } from '../fakes.js';

describe('Authenticate', () => {
  let w: World;
  let authenticate: Authenticate;

  beforeEach(() => {
    w = inMemoryWorld();
    authenticate = new Authenticate(w.sessions, w.tokens, w.clock);
  });

  it('when the access token is valid, its session live and the user active, then that user and session are returned', async () => {
    await seedUser(w.users, { email: 'other@example.com' });
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { accessToken } = await signIn(w, user);
    const principal = await authenticate.execute(accessToken);
    expect(snapshot(principal.user)).toEqual(snapshot(user));
    const [session] = await w.sessions.listActive(user.id, w.clock.now());
    expect(principal.sessionId).toBe(session?.id);
  });

  it('when a refresh token is offered as an access token, then InvalidTokenError', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { refreshToken } = await signIn(w, user);
    await expect(authenticate.execute(refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the user no longer exists, then InvalidTokenError', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { accessToken } = await signIn(w, user);
    await w.users.delete(user.id);
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the user is inactive, then InvalidTokenError', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { accessToken } = await signIn(w, user);
    await w.users.update(user.id, { isActive: false }, w.clock.now());
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the session was revoked, then InvalidTokenError at once, though the token has not expired', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { accessToken } = await signIn(w, user);
    const { sessionId } = await w.tokens.verifyAccess(accessToken);
    await w.sessions.revoke(sessionId, user.id, w.clock.now(), 'logout');
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the session has expired, then InvalidTokenError', async () => {
    const user = await seedUser(w.users, { email: 'ada@example.com' });
    const { accessToken } = await signIn(w, user);
    w.clock.advance(REFRESH_TTL_SECONDS * 1000 + 1);
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it("when the token names another user's session, then InvalidTokenError", async () => {
    const ada = await seedUser(w.users, { email: 'ada@example.com' });
    const bob = await seedUser(w.users, { email: 'bob@example.com' });
    const { sessionId } = await w.tokens.verifyAccess((await signIn(w, bob)).accessToken);
    const forged = await w.tokens.issuePair({ userId: ada.id, sessionId }, 'forged', w.clock.now());
    await expect(authenticate.execute(forged.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it.each(['not-a-uuid', '00000000-0000-0000-0000-000000000000'])(
    'when the token names an unknown session %j, then InvalidTokenError',
    async (sessionId) => {
      const user = await seedUser(w.users, { email: 'ada@example.com' });
      const forged = await w.tokens.issuePair({ userId: user.id, sessionId }, 'forged', w.clock.now());
      await expect(authenticate.execute(forged.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    },
  );
});
