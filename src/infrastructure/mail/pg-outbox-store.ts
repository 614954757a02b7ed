import type { UserTokenPurpose } from '../../application/accounts/ports/user-token-repository.js';
import type { Queryable } from '../database/queryable.js';
import type { ClaimedMail, NewOutboxMail, OutboxStore, StoredFailure } from './outbox-store.js';

interface ClaimedRow {
  id: string; // bigint: pg hands it over as text
  purpose: UserTokenPurpose;
  recipient: string;
  payload: Buffer;
  attempts: number;
}

/** The mail_outbox table. Times come from the caller's clock, as in the other repositories. */
export class PgOutboxStore implements OutboxStore {
  constructor(private readonly db: Queryable) {}

  async add(mail: NewOutboxMail): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO mail_outbox (purpose, recipient, payload, attempts, next_attempt_at, locked_until, created_at)
       VALUES ($1, $2, $3, 0, $4, $5, $4)
       RETURNING id`,
      [mail.purpose, mail.recipient, mail.payload, mail.createdAt, mail.heldUntil],
    );
    return (rows[0] as { id: string }).id;
  }

  async claim(id: string, attempts: number, heldUntil: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE mail_outbox SET attempts = attempts + 1, locked_until = $3 WHERE id = $1 AND attempts = $2',
      [id, attempts, heldUntil],
    );
    return rowCount === 1;
  }

  async claimDue(limit: number, now: Date, heldUntil: Date): Promise<ClaimedMail[]> {
    // SKIP LOCKED: concurrent claimers take disjoint rows instead of queueing on each other's locks. A
    // row a holder re-claims meanwhile is locked (skipped) or, once committed, fails the re-checked
    // condition: either way one replica gets it.
    const { rows } = await this.db.query<ClaimedRow>(
      `UPDATE mail_outbox SET attempts = attempts + 1, locked_until = $3
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until < $2)
         ORDER BY next_attempt_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       RETURNING id, purpose, recipient, payload, attempts`,
      [limit, now, heldUntil],
    );
    return rows;
  }

  async reschedule(id: string, attempts: number, dueAt: Date, heldUntil: Date | null, failure: StoredFailure): Promise<void> {
    await this.db.query(
      'UPDATE mail_outbox SET next_attempt_at = $3, locked_until = $4, last_error = $5 WHERE id = $1 AND attempts = $2',
      [id, attempts, dueAt, heldUntil, JSON.stringify(failure)],
    );
  }

  async release(id: string, attempts: number): Promise<void> {
    await this.db.query('UPDATE mail_outbox SET locked_until = NULL WHERE id = $1 AND attempts = $2', [id, attempts]);
  }

  async remove(id: string): Promise<void> {
    await this.db.query('DELETE FROM mail_outbox WHERE id = $1', [id]);
  }
}
