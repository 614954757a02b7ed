import request from 'supertest';
import { expect } from 'vitest';
import { RegisterUser } from '../../src/application/users/register-user.js';
import { PASSWORD, PREFIX, type TestApp, startTestApp } from './app.js';
import { uniqueEmail } from './database.js';

/** A user made without logging in, so no login limit is spent on him. */
export async function registered(t: TestApp): Promise<string> {
  const email = uniqueEmail('limited');
  await t.container.get(RegisterUser).execute({ email, password: PASSWORD, fullName: null });
  return email;
}

export const register = (t: TestApp) => request(t.app).post(`${PREFIX}/auth/register`).send({ email: uniqueEmail(), password: PASSWORD });

/** Asserts a 429 as the API promises it; returns its Retry-After in seconds. */
export function expectTooMany(res: request.Response, maxSeconds: number): number {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'auth.too_many_attempts' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

export async function statuses(n: number, send: () => PromiseLike<request.Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

/** A fresh app (own limiters, own database) for one test. */
export async function withApp(env: Record<string, string>, test: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await startTestApp(env);
  try {
    await test(t);
  } finally {
    await t.close();
  }
}
