import { DatabaseError } from 'pg';
import type { Page, PageResult } from '../../application/shared/page.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';
import { Email } from '../../domain/users/email.js';
import { EmailTakenError } from '../../domain/users/errors.js';
import { type NewUser, User, type UserChanges } from '../../domain/users/user.js';
import type { Queryable } from '../database/queryable.js';

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

export const USER_COLS = 'id, email, full_name, password_hash, is_active, is_admin, is_verified, created_at, updated_at';
const EMAIL_UNIQUE_INDEX = 'users_email_lower_key';
const MAX_ID = 2_147_483_647; // users.id is an integer column

// An id the column cannot hold names no user; asking PostgreSQL would raise 22003 instead.
export const storableId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= MAX_ID;

export const toUser = (r: UserRow): User =>
  User.restore({
    id: r.id,
    email: Email.parse(r.email),
    fullName: r.full_name,
    passwordHash: r.password_hash,
    isActive: r.is_active,
    isAdmin: r.is_admin,
    isVerified: r.is_verified,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

// The unique index decides duplicates: a check-then-insert would race.
function mapUniqueViolation(err: unknown): never {
  if (err instanceof DatabaseError && err.code === '23505' && err.constraint === EMAIL_UNIQUE_INDEX) {
    throw new EmailTakenError();
  }
  throw err;
}

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: Queryable) {}

  async findById(id: number): Promise<User | null> {
    if (!storableId(id)) return null;
    const { rows } = await this.db.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: Email): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${USER_COLS} FROM users WHERE lower(email) = $1`, [email.value]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async insert(user: NewUser): Promise<User> {
    const { rows } = await this.db
      .query<UserRow>(
        `INSERT INTO users (email, full_name, password_hash, is_active, is_admin, is_verified, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${USER_COLS}`,
        [user.email.value, user.fullName, user.passwordHash, user.isActive, user.isAdmin, user.isVerified, user.createdAt, user.updatedAt],
      )
      .catch(mapUniqueViolation);
    return toUser(rows[0] as UserRow);
  }

  async update(id: number, changes: UserChanges, at: Date): Promise<User | null> {
    if (!storableId(id)) return null;
    // Each column is set to itself when its change is absent ($n IS NULL), so one statement serves
    // every combination without building SQL from object keys. full_name can be set to null, so it
    // carries an explicit "present" flag.
    const { rows } = await this.db
      .query<UserRow>(
        `UPDATE users SET
           email = COALESCE($2, email),
           full_name = CASE WHEN $3::boolean THEN $4 ELSE full_name END,
           password_hash = COALESCE($5, password_hash),
           is_active = COALESCE($6, is_active),
           is_admin = COALESCE($7, is_admin),
           is_verified = COALESCE($9, is_verified),
           updated_at = $8
         WHERE id = $1 RETURNING ${USER_COLS}`,
        [
          id,
          changes.email?.value ?? null,
          changes.fullName !== undefined,
          changes.fullName ?? null,
          changes.passwordHash ?? null,
          changes.isActive ?? null,
          changes.isAdmin ?? null,
          at,
          changes.isVerified ?? null,
        ],
      )
      .catch(mapUniqueViolation);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async replacePasswordHash(id: number, current: string, next: string): Promise<boolean> {
    if (!storableId(id)) return false;
    const { rowCount } = await this.db.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
      id,
      current,
      next,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async delete(id: number): Promise<boolean> {
    if (!storableId(id)) return false;
    const { rowCount } = await this.db.query('DELETE FROM users WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async list(page: Page): Promise<PageResult<User>> {
    // One round trip: the total rides along with the page, from the same snapshot. A scalar subquery,
    // not count(*) OVER (): the window made PostgreSQL read every user's whole row to count them, so a
    // page got slower with each registration (see bench/results). An empty page (skip past the end)
    // has no row to carry it, so the total is then read on its own.
    const { rows } = await this.db.query<UserRow & { total: string }>(
      `SELECT ${USER_COLS}, (SELECT count(*) FROM users) AS total FROM users ORDER BY id LIMIT $1 OFFSET $2`,
      [page.limit, page.skip],
    );
    if (rows[0]) return { items: rows.map(toUser), total: Number(rows[0].total) };
    const count = await this.db.query<{ total: string }>('SELECT count(*) AS total FROM users');
    return { items: [], total: Number(count.rows[0]?.total ?? 0) };
  }
}
