import { describe, expect, it } from 'vitest';
import { type Account, type TestApp, createAccount, useTestApp } from '../support/app.js';
import { type Tokens, loginOk, meStatus, refresh, sidOf, sleep } from '../support/sessions.js';

/** Refresh-token rows of a session: how many, and how many not yet used. */
async function tokenRows(t: TestApp, sessionId: string): Promise<{ total: number; unused: number }> {
  const { rows } = await t.pool.query<{ total: number; unused: number }>(
    'SELECT count(*)::int AS total, count(*) FILTER (WHERE used_at IS NULL)::int AS unused FROM refresh_tokens WHERE session_id = $1',
    [sessionId],
  );
  return rows[0] ?? { total: 0, unused: 0 };
}

async function revokedReason(t: TestApp, sessionId: string): Promise<string | null> {
  const { rows } = await t.pool.query<{ revoked_reason: string | null }>('SELECT revoked_reason FROM sessions WHERE id = $1', [sessionId]);
  return rows[0]?.revoked_reason ?? null;
}

describe('refresh rotation with no grace window (REFRESH_REUSE_GRACE_SECONDS=0)', () => {
  const t = useTestApp({ REFRESH_REUSE_GRACE_SECONDS: '0' });

  it('when a refresh token is used, then a new pair on the same session comes back, uncached, and both new tokens work', async () => {
    const a = await createAccount(t);
    const res = await refresh(t, a.refreshToken).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const next = res.body as Tokens;
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    expect(next.refresh_token).not.toBe(a.refreshToken);
    expect(next.access_token).not.toBe(a.accessToken);
    expect(sidOf(next.access_token)).toBe(sidOf(a.accessToken));
    expect(await meStatus(t, next.access_token)).toBe(200);
    await refresh(t, next.refresh_token).expect(200);
    expect(await tokenRows(t, sidOf(a.accessToken))).toEqual({ total: 3, unused: 1 });
  });

  it('when a used refresh token comes back, then 401, and the whole session is revoked at once: its access and latest refresh tokens too', async () => {
    const a = await createAccount(t);
    const next = (await refresh(t, a.refreshToken).expect(200)).body as Tokens;
    await sleep(5);
    const reuse = await refresh(t, a.refreshToken).expect(401);
    expect(reuse.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reuse.headers['www-authenticate']).toBe('Bearer');
    expect(reuse.body.detail).toMatch(/reuse/);
    expect(await meStatus(t, next.access_token)).toBe(401);
    expect(await meStatus(t, a.accessToken)).toBe(401);
    await refresh(t, next.refresh_token).expect(401);
    expect(await revokedReason(t, sidOf(a.accessToken))).toBe('refresh_token_reuse');
  });

  it("when a token is reused, then the user's other sessions live on", async () => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    await refresh(t, a.refreshToken).expect(200);
    await sleep(5);
    await refresh(t, a.refreshToken).expect(401);
    expect(await meStatus(t, other.access_token)).toBe(200);
    await refresh(t, other.refresh_token).expect(200);
  });

  it('when invalid refresh tokens are sent, then 401 (garbage, an access token) or 422 (missing, unknown field)', async () => {
    const a = await createAccount(t);
    await refresh(t, 'garbage').expect(401);
    await refresh(t, a.accessToken).expect(401);
    await refresh(t, '').expect(422);
    await expect(meStatus(t, a.accessToken)).resolves.toBe(200);
  });
});

describe('refresh rotation with the default grace window (10 s)', () => {
  const t = useTestApp({ REFRESH_REUSE_GRACE_SECONDS: '10' });

  it('when the same refresh token is sent twice within the window, then the same pair twice and one successor stored', async () => {
    const a = await createAccount(t);
    const first = (await refresh(t, a.refreshToken).expect(200)).body as Tokens;
    await sleep(50);
    const second = (await refresh(t, a.refreshToken).expect(200)).body as Tokens;
    expect(second).toEqual(first);
    expect(await tokenRows(t, sidOf(a.accessToken))).toEqual({ total: 2, unused: 1 });
    expect(await meStatus(t, second.access_token)).toBe(200);
    await refresh(t, second.refresh_token).expect(200);
  });
});

describe.each([
  ['0', 'REFRESH_REUSE_GRACE_SECONDS=0'],
  ['10', 'REFRESH_REUSE_GRACE_SECONDS=10'],
])('two concurrent refreshes of one token (grace %s)', (grace, label) => {
  const t = useTestApp({ REFRESH_REUSE_GRACE_SECONDS: grace });

  it(`when fired together (${label}), then never two independent families: one pair, or one refused; one unused token`, async () => {
    for (let round = 0; round < 8; round++) {
      const a: Account = await createAccount(t);
      const [x, y] = await Promise.all([refresh(t, a.refreshToken), refresh(t, a.refreshToken)]);
      const statuses = [x.status, y.status].sort();
      const sid = sidOf(a.accessToken);
      expect(await tokenRows(t, sid)).toEqual({ total: 2, unused: 1 });
      if (statuses[0] === 200 && statuses[1] === 200) {
        expect(y.body).toEqual(x.body);
        expect(await meStatus(t, (x.body as Tokens).access_token)).toBe(200);
      } else {
        // One was taken for reuse: the session is burnt, so neither answer leaves a usable family.
        expect(grace).toBe('0');
        expect(statuses).toEqual([200, 401]);
        expect(await revokedReason(t, sid)).toBe('refresh_token_reuse');
        const winner = (x.status === 200 ? x.body : y.body) as Tokens;
        expect(await meStatus(t, winner.access_token)).toBe(401);
      }
    }
  });
});
