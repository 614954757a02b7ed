import type { ClaimedMail, NewOutboxMail, OutboxStore, StoredFailure } from './outbox-store.js';

interface Row extends Omit<NewOutboxMail, 'heldUntil'> {
  id: string;
  attempts: number;
  dueAt: Date;
  heldUntil: Date | null;
}

/** For unit tests of the outbox; held to the same contract suite as the pg adapter. */
export class InMemoryOutboxStore implements OutboxStore {
  private readonly rows = new Map<string, Row>();
  private serial = 0;

  add(mail: NewOutboxMail): Promise<string> {
    const id = String(++this.serial);
    this.rows.set(id, { ...mail, id, attempts: 0, dueAt: mail.createdAt });
    return Promise.resolve(id);
  }

  claim(id: string, attempts: number, heldUntil: Date): Promise<boolean> {
    const row = this.current(id, attempts);
    if (row) this.rows.set(id, { ...row, attempts: attempts + 1, heldUntil });
    return Promise.resolve(row !== undefined);
  }

  claimDue(limit: number, now: Date, heldUntil: Date): Promise<ClaimedMail[]> {
    const due = [...this.rows.values()]
      .filter((r) => r.dueAt <= now && (r.heldUntil === null || r.heldUntil < now))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit);
    return Promise.resolve(
      due.map((r) => {
        const attempts = r.attempts + 1;
        this.rows.set(r.id, { ...r, attempts, heldUntil });
        return { id: r.id, purpose: r.purpose, recipient: r.recipient, payload: r.payload, attempts };
      }),
    );
  }

  // The failure is kept for operators reading the table; nothing here reads it back.
  reschedule(id: string, attempts: number, dueAt: Date, heldUntil: Date | null, _failure: StoredFailure): Promise<void> {
    const row = this.current(id, attempts);
    if (row) this.rows.set(id, { ...row, dueAt, heldUntil });
    return Promise.resolve();
  }

  release(id: string, attempts: number): Promise<void> {
    const row = this.current(id, attempts);
    if (row) this.rows.set(id, { ...row, heldUntil: null });
    return Promise.resolve();
  }

  remove(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }

  private current(id: string, attempts: number): Row | undefined {
    const row = this.rows.get(id);
    return row?.attempts === attempts ? row : undefined;
  }
}
