import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PREFIX, createAccount, useTestApp } from '../support/app.js';
import { bearer, loginOk, meStatus, refresh, sidOf } from '../support/sessions.js';

const t = useTestApp();

const logout = (accessToken: string, body?: object) =>
  request(t.app).post(`${PREFIX}/auth/logout`).set(bearer(accessToken)).send(body);
const listSessions = (accessToken: string) => request(t.app).get(`${PREFIX}/users/me/sessions`).set(bearer(accessToken));
const deleteSession = (accessToken: string, id: string) =>
  request(t.app).delete(`${PREFIX}/users/me/sessions/${id}`).set(bearer(accessToken));

describe('POST /auth/logout', () => {
  it('when a user logs out, then 204, and that access token is refused at once, its refresh token too', async () => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    await logout(a.accessToken).expect(204);
    expect(await meStatus(t, a.accessToken)).toBe(401);
    await refresh(t, a.refreshToken).expect(401);
    expect(await meStatus(t, other.access_token)).toBe(200);
  });

  it('when he logs out giving the refresh token of another of his sessions, then that session ends too', async () => {
    const a = await createAccount(t);
    const second = await loginOk(t, a.email, a.password);
    const third = await loginOk(t, a.email, a.password);
    await logout(a.accessToken, { refresh_token: second.refresh_token }).expect(204);
    expect([await meStatus(t, a.accessToken), await meStatus(t, second.access_token), await meStatus(t, third.access_token)]).toEqual([
      401, 401, 200,
    ]);
  });

  it("when he gives someone else's or a garbage refresh token, then 204 anyway and nobody else is logged out", async () => {
    const a = await createAccount(t);
    const b = await createAccount(t);
    await logout(a.accessToken, { refresh_token: b.refreshToken }).expect(204);
    expect(await meStatus(t, b.accessToken)).toBe(200);
    const c = await createAccount(t);
    await logout(c.accessToken, { refresh_token: 'garbage' }).expect(204);
  });

  it('when there is no access token, then 401; when the body has an unknown field, then 422 and nobody is logged out', async () => {
    await request(t.app).post(`${PREFIX}/auth/logout`).expect(401);
    const a = await createAccount(t);
    await logout(a.accessToken, { refresh_token: a.refreshToken, everywhere: true }).expect(422);
    expect(await meStatus(t, a.accessToken)).toBe(200);
  });
});

describe('POST /auth/logout-all', () => {
  it('when a user logs out everywhere, then 204 and every one of his sessions is refused, nobody else', async () => {
    const a = await createAccount(t);
    const more = [await loginOk(t, a.email, a.password), await loginOk(t, a.email, a.password)];
    const b = await createAccount(t);
    await request(t.app).post(`${PREFIX}/auth/logout-all`).set(a.auth).expect(204);
    for (const token of [a.accessToken, ...more.map((m) => m.access_token)]) expect(await meStatus(t, token)).toBe(401);
    for (const m of more) await refresh(t, m.refresh_token).expect(401);
    expect(await meStatus(t, b.accessToken)).toBe(200);
  });
});

describe('GET /users/me/sessions', () => {
  it('when a user lists his sessions, then his live ones, newest first, flagged current, with agent and IP, and no token material', async () => {
    const a = await createAccount(t);
    const phone = await loginOk(t, a.email, a.password, 'Phone/1.0');
    const laptop = await loginOk(t, a.email, a.password, 'Laptop/2.0');
    await logout(phone.access_token).expect(204);
    await createAccount(t);

    const res = await listSessions(laptop.access_token).expect(200);
    const items = res.body.items as Record<string, unknown>[];
    expect(items.map((s) => s.id)).toEqual([sidOf(laptop.access_token), sidOf(a.accessToken)]);
    expect(items.map((s) => s.current)).toEqual([true, false]);
    expect(items[0]).toMatchObject({ user_agent: 'Laptop/2.0', ip: expect.stringMatching(/127\.0\.0\.1$/) });
    for (const s of items) {
      expect(Object.keys(s).sort()).toEqual(['created_at', 'current', 'expires_at', 'id', 'ip', 'last_used_at', 'user_agent']);
    }
    const text = JSON.stringify(res.body);
    for (const token of [a.accessToken, a.refreshToken, laptop.access_token, laptop.refresh_token]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(createHash('sha256').update(token).digest('hex'));
    }
  });

  it('when a user agent is very long, then it is stored cut to 512 characters', async () => {
    const a = await createAccount(t);
    const pair = await loginOk(t, a.email, a.password, 'A'.repeat(2000));
    const res = await listSessions(pair.access_token).expect(200);
    expect((res.body.items[0] as { user_agent: string }).user_agent).toBe('A'.repeat(512));
  });

  it('when a session is refreshed, then its last use moves forward', async () => {
    const a = await createAccount(t);
    const before = (await listSessions(a.accessToken).expect(200)).body.items[0] as { last_used_at: string };
    await new Promise((r) => setTimeout(r, 20));
    const next = (await refresh(t, a.refreshToken).expect(200)).body as { access_token: string };
    const after = (await listSessions(next.access_token).expect(200)).body.items[0] as { last_used_at: string };
    expect(Date.parse(after.last_used_at)).toBeGreaterThan(Date.parse(before.last_used_at));
  });

  it('when there is no access token, then 401', async () => {
    await request(t.app).get(`${PREFIX}/users/me/sessions`).expect(401);
  });
});

describe('DELETE /users/me/sessions/{id}', () => {
  it('when a user revokes one of his sessions, then 204, that session is refused and his current one lives', async () => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    await deleteSession(a.accessToken, sidOf(other.access_token)).expect(204);
    expect(await meStatus(t, other.access_token)).toBe(401);
    await refresh(t, other.refresh_token).expect(401);
    expect(await meStatus(t, a.accessToken)).toBe(200);
    await deleteSession(a.accessToken, sidOf(other.access_token)).expect(404);
  });

  it("when a user revokes another user's session, then 404, exactly as for an unknown one, and it lives on", async () => {
    const a = await createAccount(t);
    const b = await createAccount(t);
    const foreign = await deleteSession(a.accessToken, sidOf(b.accessToken)).expect(404);
    const unknown = await deleteSession(a.accessToken, randomUUID()).expect(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await meStatus(t, b.accessToken)).toBe(200);
  });

  it.each(['not-a-uuid', '123', 'ZZZZZZZZ-0000-0000-0000-000000000000'])('when the id is %j, then 422', async (id) => {
    const a = await createAccount(t);
    const res = await deleteSession(a.accessToken, id).expect(422);
    expect(res.body.errors[0]).toMatchObject({ location: 'path', field: 'id' });
  });
});

describe('tokens with a bad sid or sub (signed with the right key)', () => {
  const forge = (claims: Record<string, unknown>, typ = 'access') => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ typ, sub: '1', iss: t.config.JWT_ISSUER, aud: t.config.JWT_AUDIENCE, iat: now, exp: now + 60, jti: 'j', ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(t.config.SECRET_KEY));
  };

  const cases: Record<string, unknown>[] = [
    { sid: 'not-a-uuid' },
    { sid: 'ZZZZZZZZ-0000-0000-0000-000000000000' },
    { sid: "'; DROP TABLE sessions; --" },
    { sid: randomUUID() },
    { sid: 12345 },
    { sid: undefined },
    { sid: randomUUID(), sub: '2147483648' },
    { sid: randomUUID(), sub: '9007199254740991' },
  ];

  it.each(cases)('when an access token carries %j, then 401 on every authenticated route, never 500', async (claims) => {
    const token = await forge(claims);
    expect(await meStatus(t, token)).toBe(401);
    await listSessions(token).expect(401);
    await logout(token).expect(401);
    await request(t.app).put(`${PREFIX}/users/me/password`).set(bearer(token)).send({ current_password: 'x', new_password: 'y'.repeat(10) }).expect(401);
  });

  it.each(cases)('when a refresh token carries %j, then refresh is 401 and logout ignores it', async (claims) => {
    const token = await forge(claims, 'refresh');
    await refresh(t, token).expect(401);
    const a = await createAccount(t);
    await logout(a.accessToken, { refresh_token: token }).expect(204);
  });
});
