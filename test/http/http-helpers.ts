import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type pg from 'pg';
import type { Response } from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';

/** The whitelist of UserResponse: exactly these keys, nothing more. */
export const USER_KEYS = ['created_at', 'email', 'full_name', 'id', 'is_active', 'is_admin', 'is_verified', 'updated_at'];

export const ARGON2ID_HASH = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

export interface UserRow {
  id: number;
  email: string;
  full_name: string | null;
  password_hash: string;
  is_active: boolean;
  is_admin: boolean;
  is_verified: boolean;
  created_at: Date;
  updated_at: Date;
}

export async function userRow(pool: pg.Pool, id: number): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

/** Rows whose email matches case-insensitively, whatever the stored case. */
export async function rowsByEmail(pool: pg.Pool, email: string): Promise<UserRow[]> {
  const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1) ORDER BY id', [email.trim()]);
  return rows;
}

export async function countUsers(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
  return Number(rows[0]?.n);
}

/** Asserts the RFC 9457 shape every error shares and returns the body. */
export function expectProblem(res: Response, status: number): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(Object.keys(body).every((k) => ['type', 'title', 'status', 'detail', 'code', 'errors'].includes(k))).toBe(true);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\//);
  if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
  return body;
}

/** A 422 whose errors list names each given field at the given location. */
export function expectInvalid(res: Response, location: 'body' | 'query' | 'path', ...fields: string[]): void {
  const body = expectProblem(res, 422);
  const errors = body.errors as { location: string; field: string; message: string }[];
  expect(Array.isArray(errors)).toBe(true);
  // Soft, so that a test still checks the state after the request when only the naming is wrong.
  for (const field of fields) {
    expect.soft(errors).toContainEqual({ location, field, message: expect.any(String) });
  }
}

/** A UserResponse with exactly the whitelisted keys and the values of the stored row. */
export function expectUserResponse(body: unknown, row: UserRow): void {
  expect(Object.keys(body as object).sort()).toEqual(USER_KEYS);
  expect(body).toEqual({
    id: row.id,
    email: row.email,
    full_name: row.full_name,
    is_active: row.is_active,
    is_admin: row.is_admin,
    is_verified: row.is_verified,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  });
}

/** No password hash, of anyone, ever leaves the service. */
export function expectNoSecrets(res: Response, ...hashes: string[]): void {
  expect(res.text).not.toContain('$argon2');
  expect(res.text).not.toMatch(/password_hash|passwordHash/);
  for (const h of hashes) expect(res.text).not.toContain(h);
}

export interface SignOptions {
  /** The session id claim; access tokens without a live session's sid are refused. */
  sid?: string;
  sub?: string;
  typ?: string;
  iss?: string;
  aud?: string;
  /** seconds from now; negative for the past */
  expIn?: number;
  iatOffset?: number;
  key?: string;
  alg?: string;
}

/** Signs a token as the service would, with any claim overridden. */
export function signToken(t: TestApp, opts: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = now + (opts.iatOffset ?? 0);
  return new SignJWT({ typ: opts.typ ?? 'access', ...(opts.sid === undefined ? {} : { sid: opts.sid }) })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(opts.sub ?? '1')
    .setIssuer(opts.iss ?? t.config.JWT_ISSUER)
    .setAudience(opts.aud ?? t.config.JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(now + (opts.expIn ?? 600))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(opts.key ?? t.config.SECRET_KEY));
}
