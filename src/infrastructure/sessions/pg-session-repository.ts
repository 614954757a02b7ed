import { randomUUID } from 'node:crypto';
import type { RevokeReason, SessionRepository } from '../../application/sessions/ports/session-repository.js';
import { type NewSession, type RefreshTokenRecord, Session } from '../../domain/sessions/session.js';
import type { User } from '../../domain/users/user.js';
import type { Queryable } from '../database/queryable.js';
import { USER_COLS, type UserRow, storableId, toUser } from '../users/pg-user-repository.js';

interface SessionRow {
  id: string;
  user_id: number;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
  ip: string | null;
}

interface TokenRow {
  fingerprint: string;
  session_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

const COLS = 'id, user_id, created_at, last_used_at, expires_at, revoked_at, user_agent, ip';
// The user's columns qualified for the join in findActiveUser; derived, so a new column cannot be missed.
const USER_COLS_U = USER_COLS.split(', ').map((c) => `u.${c}`).join(', ');

const FIND_ACTIVE_USER = `SELECT ${USER_COLS_U} FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.is_active`;

const toSession = (r: SessionRow): Session =>
  Session.restore({
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    userAgent: r.user_agent,
    ip: r.ip,
  });

// Anything but a canonical UUID cannot name a session; asking PostgreSQL would raise 22P02. Likewise
// a user id the integer column cannot hold (22003): both come from token claims, so they answer
// "no such session", never a server error.
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const storable = (sessionId: string, userId: number): boolean => UUID_RE.test(sessionId) && storableId(userId);

export interface PgSessionRepositoryOptions {
  /**
   * Runs the per-request lookup as a named prepared statement, parsed and planned once per connection
   * instead of on every request: planning the join cost PostgreSQL more than running it (see
   * bench/results). Off behind a PgBouncer that cannot carry prepared statements.
   */
  preparedStatements: boolean;
}

export class PgSessionRepository implements SessionRepository {
  constructor(
    private readonly db: Queryable,
    private readonly options: PgSessionRepositoryOptions,
  ) {}

  nextId(): string {
    return randomUUID();
  }

  async open(s: NewSession, token: Omit<RefreshTokenRecord, 'usedAt'>): Promise<Session> {
    // One statement is atomic without a transaction; the token's foreign key is checked at its end.
    const { rows } = await this.db.query<SessionRow>(
      `WITH opened AS (
         INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLS}
       ), token AS (
         INSERT INTO refresh_tokens (fingerprint, session_id, created_at, expires_at) SELECT $8, id, $9, $10 FROM opened
       )
       SELECT ${COLS} FROM opened`,
      [s.id, s.userId, s.createdAt, s.lastUsedAt, s.expiresAt, s.userAgent, s.ip, token.fingerprint, token.createdAt, token.expiresAt],
    );
    return toSession(rows[0] as SessionRow);
  }

  async findActiveUser(sessionId: string, userId: number, now: Date): Promise<User | null> {
    if (!storable(sessionId, userId)) return null;
    const { rows } = await this.db.query<UserRow>({
      ...(this.options.preparedStatements ? { name: 'sessions.find-active-user' } : {}),
      text: FIND_ACTIVE_USER,
      values: [sessionId, userId, now],
    });
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(sessionId: string): Promise<Session | null> {
    if (!UUID_RE.test(sessionId)) return null;
    const { rows } = await this.db.query<SessionRow>(`SELECT ${COLS} FROM sessions WHERE id = $1`, [sessionId]);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async listActive(userId: number, now: Date): Promise<Session[]> {
    if (!storableId(userId)) return [];
    const { rows } = await this.db.query<SessionRow>(
      `SELECT ${COLS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
       ORDER BY created_at DESC, id`,
      [userId, now],
    );
    return rows.map(toSession);
  }

  async touch(sessionId: string, at: Date, expiresAt: Date): Promise<void> {
    await this.db.query('UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE id = $1', [sessionId, at, expiresAt]);
  }

  async revoke(sessionId: string, userId: number, at: Date, reason: RevokeReason): Promise<boolean> {
    if (!storable(sessionId, userId)) return false;
    const { rowCount } = await this.db.query(
      `UPDATE sessions SET revoked_at = $3, revoked_reason = $4
       WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [sessionId, userId, at, reason],
    );
    return (rowCount ?? 0) > 0;
  }

  async revokeAllForUser(userId: number, at: Date, reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    if (!storableId(userId)) return 0;
    const { rowCount } = await this.db.query(
      `UPDATE sessions SET revoked_at = $2, revoked_reason = $3
       WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid)`,
      [userId, at, reason, exceptSessionId ?? null],
    );
    return rowCount ?? 0;
  }

  async addRefreshToken(r: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void> {
    await this.db.query(
      'INSERT INTO refresh_tokens (fingerprint, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [r.fingerprint, r.sessionId, r.createdAt, r.expiresAt],
    );
  }

  async lockRefreshToken(fingerprint: string): Promise<RefreshTokenRecord | null> {
    const { rows } = await this.db.query<TokenRow>(
      'SELECT fingerprint, session_id, created_at, expires_at, used_at FROM refresh_tokens WHERE fingerprint = $1 FOR UPDATE',
      [fingerprint],
    );
    const r = rows[0];
    return r
      ? { fingerprint: r.fingerprint, sessionId: r.session_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at }
      : null;
  }

  async markRefreshTokenUsed(fingerprint: string, at: Date): Promise<void> {
    await this.db.query('UPDATE refresh_tokens SET used_at = $2 WHERE fingerprint = $1', [fingerprint, at]);
  }

  async deleteExpiredRefreshTokens(sessionId: string, now: Date): Promise<number> {
    if (!UUID_RE.test(sessionId)) return 0;
    const { rowCount } = await this.db.query('DELETE FROM refresh_tokens WHERE session_id = $1 AND expires_at <= $2', [sessionId, now]);
    return rowCount ?? 0;
  }

  async deleteEnded(before: Date, limit: number): Promise<number> {
    // SKIP LOCKED: replicas sweeping at the same moment take disjoint rows instead of waiting.
    const { rowCount } = await this.db.query(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       )`,
      [before, limit],
    );
    return rowCount ?? 0;
  }
}
