import { beforeEach, describe, expect, it } from 'vitest';
import { LogoutAll } from '../../../src/application/sessions/logout-all.js';
import { Logout } from '../../../src/application/sessions/logout.js';
import type { Principal } from '../../../src/application/users/authenticate.js';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import type { TokenPair } from '../../../src/application/users/ports/token-service.js';
import type { User } from '../../../src/domain/users/user.js';
import { accessWorks, type World, inMemoryWorld, seedUser, signIn } from '../fakes.js';

describe('Logout and LogoutAll', () => {
  let w: World;
  let logout: Logout;
  let logoutAll: LogoutAll;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    w = inMemoryWorld();
    logout = new Logout(w.sessions, w.tokens, w.clock);
    logoutAll = new LogoutAll(w.sessions, w.clock);
    ada = await seedUser(w.users, { email: 'ada@example.com' });
    bob = await seedUser(w.users, { email: 'bob@example.com' });
  });

  const principal = (pair: TokenPair): Promise<Principal> => w.authenticate.execute(pair.accessToken);
  const works = (pair: TokenPair) => accessWorks(w, pair);

  it('when a user logs out, then that session ends at once, and his other sessions live on', async () => {
    const phone = await signIn(w, ada);
    const laptop = await signIn(w, ada);
    await logout.execute(await principal(phone));
    await expect(w.authenticate.execute(phone.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await works(laptop)).toBe(true);
    const [live] = await w.sessions.listActive(ada.id, w.clock.now());
    expect(live?.id).toBe((await principal(laptop)).sessionId);
  });

  it('when he logs out giving the refresh token of another of his sessions, then that session ends too', async () => {
    const phone = await signIn(w, ada);
    const laptop = await signIn(w, ada);
    const tablet = await signIn(w, ada);
    await logout.execute(await principal(phone), laptop.refreshToken);
    expect([await works(phone), await works(laptop), await works(tablet)]).toEqual([false, false, true]);
  });

  it("when he logs out giving someone else's refresh token, then it is ignored: that session lives on", async () => {
    const mine = await signIn(w, ada);
    const his = await signIn(w, bob);
    await logout.execute(await principal(mine), his.refreshToken);
    expect(await works(mine)).toBe(false);
    expect(await works(his)).toBe(true);
  });

  it.each(['garbage', 'access'])('when the refresh token given is %s, then logout still succeeds', async (kind) => {
    const mine = await signIn(w, ada);
    await logout.execute(await principal(mine), kind === 'access' ? mine.accessToken : 'garbage');
    expect(await works(mine)).toBe(false);
  });

  it('when he logs out twice with the same principal, then the second is harmless', async () => {
    const mine = await signIn(w, ada);
    const p = await principal(mine);
    await logout.execute(p);
    await expect(logout.execute(p)).resolves.toBeUndefined();
  });

  it('when a user logs out everywhere, then every session of his ends and nobody else is touched', async () => {
    const mine = [await signIn(w, ada), await signIn(w, ada), await signIn(w, ada)];
    const his = await signIn(w, bob);
    await logoutAll.execute(ada.id);
    for (const pair of mine) expect(await works(pair)).toBe(false);
    expect(await w.sessions.listActive(ada.id, w.clock.now())).toEqual([]);
    expect(await works(his)).toBe(true);
  });
});
