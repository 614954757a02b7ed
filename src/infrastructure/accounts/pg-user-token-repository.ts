import type {
  NewUserToken,
  UserTokenPurpose,
  UserTokenRepository,
} from '../../application/accounts/ports/user-token-repository.js';
import type { Queryable } from '../database/queryable.js';

export class PgUserTokenRepository implements UserTokenRepository {
  constructor(private readonly db: Queryable) {}

  async issue(t: NewUserToken): Promise<boolean> {
    // Lookup, purge and insert in one statement: the same round trip whether or not the address has
    // an account. The purge keeps a user's rows to his unexpired tokens.
    const { rowCount } = await this.db.query(
      `WITH target AS (
         SELECT id, email FROM users WHERE lower(email) = $1 AND is_active
       ), purged AS (
         DELETE FROM user_tokens WHERE user_id IN (SELECT id FROM target) AND expires_at <= $4
       )
       INSERT INTO user_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
       SELECT $2, id, $3, email, $4, $5 FROM target`,
      [t.email.value, t.tokenHash, t.purpose, t.createdAt, t.expiresAt],
    );
    return (rowCount ?? 0) > 0;
  }

  async consume(purpose: UserTokenPurpose, tokenHash: string, now: Date): Promise<number | null> {
    // A conditional update, not a read then a write: of two concurrent consumers the second waits on
    // the row lock, then finds used_at set and updates nothing.
    const { rows } = await this.db.query<{ user_id: number }>(
      `UPDATE user_tokens t SET used_at = $3
       FROM users u
       WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3
         AND u.id = t.user_id AND u.is_active AND u.email = t.email
       RETURNING t.user_id`,
      [tokenHash, purpose, now],
    );
    return rows[0]?.user_id ?? null;
  }

  async revokeAll(userId: number, purpose: UserTokenPurpose, at: Date): Promise<void> {
    await this.db.query(
      'UPDATE user_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL',
      [userId, purpose, at],
    );
  }
}
