import { decodeJwt } from 'jose';
import request from 'supertest';
import { PREFIX, type TestApp } from './app.js';

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

export const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });

/** The session id an access or refresh token carries. */
export const sidOf = (token: string): string => decodeJwt(token).sid as string;

export function login(t: TestApp, email: string, password: string, userAgent = 'vitest-http') {
  return request(t.app).post(`${PREFIX}/auth/login`).set('User-Agent', userAgent).send({ email, password });
}

/** Logs in and expects success. */
export async function loginOk(t: TestApp, email: string, password: string, userAgent?: string): Promise<Tokens> {
  const res = await login(t, email, password, userAgent).expect(200);
  return res.body as Tokens;
}

export function refresh(t: TestApp, refreshToken: string) {
  return request(t.app).post(`${PREFIX}/auth/refresh`).send({ refresh_token: refreshToken });
}

/** The status GET /users/me answers for this access token: 200 while its session lives, 401 after. */
export async function meStatus(t: TestApp, accessToken: string): Promise<number> {
  return (await request(t.app).get(`${PREFIX}/users/me`).set(bearer(accessToken))).status;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
