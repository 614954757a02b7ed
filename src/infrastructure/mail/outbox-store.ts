import type { UserTokenPurpose } from '../../application/accounts/ports/user-token-repository.js';

export interface NewOutboxMail {
  purpose: UserTokenPurpose;
  recipient: string;
  /** The mail as MailSeal sealed it: never its link in clear. */
  payload: Buffer;
  createdAt: Date;
  /** Nobody else claims it before then: the replica that queues it delivers it, unless it dies first. */
  heldUntil: Date;
}

export interface ClaimedMail {
  id: string;
  purpose: UserTokenPurpose;
  recipient: string;
  payload: Buffer;
  /** Attempts counted so far, the one just claimed included. */
  attempts: number;
}

/** What is kept of a failed delivery: its code and message, never the mail. */
export interface StoredFailure {
  code: string | null;
  message: string;
  responseCode: number | null;
}

/**
 * Where queued mail waits, shared by every replica, until it is delivered or given up. A mail is due
 * from its next attempt on and belongs to whoever holds it, until the hold ends. Every claim counts
 * an attempt, and the holder names the count it knows in each later call: a call made with a stale
 * count (someone claimed the mail since) changes nothing, so of two claimers only one ever holds it.
 */
export interface OutboxStore {
  /** Stores a mail due at once, no attempt counted, held by the caller until `heldUntil`; returns its id. */
  add(mail: NewOutboxMail): Promise<string>;
  /**
   * The holder's next attempt: counts it and holds the mail until `heldUntil`, if `attempts` is still
   * its count. False, changing nothing, when it is not (another replica claimed it) or the mail is gone.
   */
  claim(id: string, attempts: number, heldUntil: Date): Promise<boolean>;
  /**
   * Takes up to `limit` mails that are due at `now` and that nobody holds (never held, handed back, or
   * whose hold has ended), earliest due first; counts an attempt for each and holds it until
   * `heldUntil`. Concurrent callers never get the same mail.
   */
  claimDue(limit: number, now: Date, heldUntil: Date): Promise<ClaimedMail[]>;
  /**
   * After failed attempt number `attempts`: due again at `dueAt`, held until `heldUntil` (null: by
   * nobody), with the failure kept for operators. Nothing when `attempts` is no longer the count.
   */
  reschedule(id: string, attempts: number, dueAt: Date, heldUntil: Date | null, failure: StoredFailure): Promise<void>;
  /** Hands the mail back, still due when it was. Nothing when `attempts` is no longer the count. */
  release(id: string, attempts: number): Promise<void>;
  /** Delivered or given up. */
  remove(id: string): Promise<void>;
}
