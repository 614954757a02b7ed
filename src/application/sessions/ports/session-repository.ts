import type { NewSession, RefreshTokenRecord, Session } from '../../../domain/sessions/session.js';
import type { User } from '../../../domain/users/user.js';

export type RevokeReason = 'logout' | 'logout_all' | 'revoked_by_user' | 'password_changed' | 'password_reset' | 'account_changed' | 'refresh_token_reuse';

export interface SessionRepository {
  /** A fresh session id, known before anything is stored: the first token pair carries it. */
  nextId(): string;
  /**
   * Stores a new session with its first refresh token, as one atomic write (login's hot path: one
   * round trip, no transaction to hold open).
   */
  open(session: NewSession, firstToken: Omit<RefreshTokenRecord, 'usedAt'>): Promise<Session>;
  /** The auth hot path: the session's user, when the session is live and the user active; one indexed lookup. */
  findActiveUser(sessionId: string, userId: number, now: Date): Promise<User | null>;
  findById(sessionId: string): Promise<Session | null>;
  /** Active sessions of a user, newest first. */
  listActive(userId: number, now: Date): Promise<Session[]>;
  /** Records a login's activity and slides its expiry forward. */
  touch(sessionId: string, at: Date, expiresAt: Date): Promise<void>;
  /** false when the session does not exist, belongs to someone else, or is already revoked. */
  revoke(sessionId: string, userId: number, at: Date, reason: RevokeReason): Promise<boolean>;
  /** Revokes every live session of the user but `exceptSessionId`; returns how many. */
  revokeAllForUser(userId: number, at: Date, reason: RevokeReason, exceptSessionId?: string): Promise<number>;

  addRefreshToken(record: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void>;
  /**
   * Reads a refresh token and holds it until the unit of work ends, so that two concurrent
   * rotations of one token are serialised: the second sees the first's `usedAt`.
   */
  lockRefreshToken(fingerprint: string): Promise<RefreshTokenRecord | null>;
  markRefreshTokenUsed(fingerprint: string, at: Date): Promise<void>;
  /**
   * Forgets the session's refresh tokens expired by `now`. A used token is kept until then, so that
   * presenting it again is caught as reuse; once expired it fails verification first anyway.
   */
  deleteExpiredRefreshTokens(sessionId: string, now: Date): Promise<number>;
  /**
   * Deletes at most `limit` sessions of any user (with their tokens) that expired or were revoked
   * before `before`; returns how many.
   */
  deleteEnded(before: Date, limit: number): Promise<number>;
}
