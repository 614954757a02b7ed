import type { Logger } from 'pino';
import type { MailSender, TokenMail } from '../../application/accounts/ports/mail-sender.js';
import type { BackgroundWork } from '../../application/shared/background-work.js';
import type { Clock } from '../../application/shared/clock.js';
import type { MailSeal } from './mail-seal.js';
import type { ClaimedMail, OutboxStore } from './outbox-store.js';
import type { MailTransport, OutgoingMail } from './outgoing-mail.js';

export interface OutboxPolicy {
  /** Deliveries tried per mail, the first included. */
  attempts: number;
  /** Wait before the first retry, doubled before each further one. */
  delayMs: number;
  /** Between two looks in the store for mail nobody holds. */
  pollMs?: number;
  /** How long a claim keeps a mail from the other replicas. */
  leaseMs?: number;
}

interface Job {
  id: string;
  purpose: OutgoingMail['purpose'];
  to: string;
  /** Attempts the store has counted: this one included once it is claimed. */
  attempts: number;
  /** Whether this attempt is counted and held already (a mail taken by claimDue), or must be claimed first. */
  claimed: boolean;
  /** The mail to deliver; throws when it was sealed under another key or altered. */
  open: () => OutgoingMail;
}

interface Failure {
  code: string | null;
  message: string;
  responseCode: number | null;
  permanent: boolean;
}

// Mails in delivery at once: one slow send does not hold up the rest, and a server is not flooded.
const CONCURRENCY = 4;
// At shutdown: within the 10 s a container runtime gives between SIGTERM and SIGKILL.
const DRAIN_GRACE_MS = 5_000;
// Mail that a stopped replica handed back, or that a crash left, waits about this long for another.
const POLL_MS = 5_000;
// Longer than one delivery can take under the SMTP transport's timeouts (10 s to connect, 10 s for the
// greeting, 30 s idle), so a live holder never loses a mail mid-send; a crashed one's is free after it.
const LEASE_MS = 120_000;

const INTERRUPTED: Failure = {
  code: 'OUTBOX_INTERRUPTED',
  message: 'the last attempt was interrupted (its replica stopped mid-delivery)',
  responseCode: null,
  permanent: true,
};
// Not permanent: a replica with the right SECRET_KEY (mid-rollout) may still open it.
const UNREADABLE: Failure = {
  code: 'OUTBOX_UNREADABLE',
  message: 'sealed under another SECRET_KEY, or altered',
  responseCode: null,
  permanent: false,
};

/**
 * What happens after the HTTP answer: mail, and the work that leads to it. `send` renders a mail and
 * stores it, sealed, in the outbox table before it resolves; delivery runs with bounded retries and
 * exponential backoff, and a mail that fails them all is logged and deleted. The replica that queues
 * a mail holds it (a lease) and delivers it itself; the others take it only once that lease has
 * ended, which it does when the replica dies: every replica polls for such mail, so a crash or a
 * restart loses none. `run` starts other work (a reset's lookup, token and mail) and logs its failure;
 * that stays in memory, and only the mail it queues is durable. One object, so that `idle()` and the
 * drain at shutdown cover a task together with the mail it queues.
 */
export class Outbox implements MailSender, BackgroundWork {
  private readonly tasks = new Set<Promise<void>>();
  private readonly ready: Job[] = [];
  private readonly backingOff = new Map<NodeJS.Timeout, Job>();
  private active = 0;
  private storing = 0;
  private claiming = false;
  // The last claim filled every free slot: more may be due, so claim again when a slot frees.
  private moreDue = false;
  private storeDown = false;
  private poller: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly compose: (mail: TokenMail) => OutgoingMail,
    private readonly seal: MailSeal,
    private readonly store: OutboxStore,
    private readonly transport: MailTransport,
    private readonly policy: OutboxPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.pollMs = policy.pollMs ?? POLL_MS;
    this.leaseMs = policy.leaseMs ?? LEASE_MS;
  }

  /** Takes up what a crash or a stopped replica left: at once, then every `pollMs`. */
  start(): void {
    this.poll();
    this.poller = setInterval(() => {
      this.poll();
    }, this.pollMs);
    // Polling must not keep alive a process that is otherwise done (a CLI run, a test worker).
    this.poller.unref();
  }

  /** Resolves once the mail is stored; rejects when it cannot be (the database is down). */
  async send(mail: TokenMail): Promise<void> {
    const outgoing = this.compose(mail);
    const now = this.clock.now();
    this.storing++;
    try {
      const id = await this.store.add({
        purpose: outgoing.purpose,
        recipient: outgoing.to,
        payload: this.seal.seal(outgoing),
        createdAt: now,
        heldUntil: this.leaseFrom(now),
      });
      this.ready.push({ id, purpose: outgoing.purpose, to: outgoing.to, attempts: 0, claimed: false, open: () => outgoing });
    } finally {
      this.storing--;
      this.pump();
      this.wakeIfIdle();
    }
  }

  run(name: string, work: () => Promise<void>): void {
    const task: Promise<void> = work()
      .catch((err: unknown) => {
        this.logger.error({ task: name, error: describeError(err) }, 'background task failed');
      })
      .finally(() => {
        this.tasks.delete(task);
        this.wakeIfIdle();
      });
    this.tasks.add(task);
  }

  /**
   * Resolves once no task runs and this replica holds no mail: none being stored, claimed, in
   * delivery or waiting to be retried. Mail another replica holds is not waited for.
   */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
    });
  }

  /**
   * Shutdown: polling stops, and mail waiting to be retried goes back to the store, still due when it
   * was, for another replica (or this one once restarted). Tasks and deliveries get `graceMs` to
   * finish; what has not started by then goes back too, and the transport closes.
   */
  async close(graceMs = DRAIN_GRACE_MS): Promise<void> {
    this.closing = true;
    clearInterval(this.poller);
    const waiting = [...this.backingOff];
    this.backingOff.clear();
    for (const [timer] of waiting) clearTimeout(timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    const handedBack = Promise.all(waiting.map(([, job]) => this.handBack(job)));
    await Promise.race([Promise.all([handedBack, this.idle()]), grace]);
    clearTimeout(timer);
    await Promise.all(this.ready.splice(0).map((job) => this.handBack(job)));
    if (this.tasks.size + this.active > 0) {
      this.logger.error(
        { tasks: this.tasks.size, deliveries: this.active },
        'outbox not drained at shutdown: unfinished tasks are lost, unfinished deliveries will be retried',
      );
    }
    this.transport.close();
  }

  private pending(): number {
    return this.tasks.size + this.storing + (this.claiming ? 1 : 0) + this.ready.length + this.active + this.backingOff.size;
  }

  private pump(): void {
    while (this.active < CONCURRENCY) {
      const job = this.ready.shift();
      if (!job) break;
      this.active++;
      void this.attempt(job).finally(() => {
        this.active--;
        this.pump();
        this.wakeIfIdle();
      });
    }
    if (this.moreDue) this.poll();
  }

  /** Claims what is due and held by nobody, as many as there are free delivery slots. */
  private poll(): void {
    if (this.closing || this.claiming) return;
    const free = CONCURRENCY - this.active - this.ready.length;
    if (free <= 0) {
      this.moreDue = true;
      return;
    }
    this.claiming = true;
    this.moreDue = false;
    const now = this.clock.now();
    void this.store
      .claimDue(free, now, this.leaseFrom(now))
      .then(
        (claimed) => {
          this.storeReachable();
          this.moreDue = claimed.length === free;
          this.ready.unshift(...claimed.map((row) => this.claimedJob(row)));
        },
        (err: unknown) => {
          this.storeUnreachable(err);
        },
      )
      .finally(() => {
        this.claiming = false;
        this.pump();
        this.wakeIfIdle();
      });
  }

  private claimedJob(row: ClaimedMail): Job {
    const open = () => this.seal.open(row.purpose, row.recipient, row.payload);
    return { id: row.id, purpose: row.purpose, to: row.recipient, attempts: row.attempts, claimed: true, open };
  }

  private async attempt(job: Job): Promise<void> {
    if (!job.claimed && !(await this.claim(job))) return;
    // Its holder died during what was to be the last attempt, which may even have been delivered.
    if (job.attempts > this.policy.attempts) {
      await this.drop(job, INTERRUPTED);
      return;
    }
    let mail: OutgoingMail;
    try {
      mail = job.open();
    } catch {
      await this.failed(job, UNREADABLE, false);
      return;
    }
    try {
      await this.transport.deliver(mail);
    } catch (err) {
      await this.failed(job, describeFailure(err));
      return;
    }
    this.logger.info({ mail: describeJob(job) }, 'mail sent');
    await this.store.remove(job.id).catch((err: unknown) => {
      this.storeFailed(job, err);
    });
  }

  /** False when the mail is no longer this replica's: its lease ended and another took it, or the store failed. */
  private async claim(job: Job): Promise<boolean> {
    try {
      const mine = await this.store.claim(job.id, job.attempts, this.leaseFrom(this.clock.now()));
      if (mine) {
        job.attempts++;
      } else {
        this.logger.warn({ mail: describeJob(job) }, 'mail taken over by another replica: its lease here had ended');
      }
      return mine;
    } catch (err) {
      this.storeFailed(job, err);
      return false;
    }
  }

  /** `retryHere`: false when this replica cannot open the mail, so that the retry is anyone's. */
  private async failed(job: Job, failure: Failure, retryHere = true): Promise<void> {
    if (job.attempts >= this.policy.attempts || failure.permanent) {
      await this.drop(job, failure);
      return;
    }
    const delayMs = this.policy.delayMs * 2 ** (job.attempts - 1);
    this.logger.warn({ mail: describeJob(job), failure, retryInMs: delayMs }, 'mail not sent yet: will retry');
    const dueAt = new Date(this.clock.now().getTime() + delayMs);
    // A replica on its way out hands the retry to whichever replica is due to poll then.
    const keep = retryHere && !this.closing;
    try {
      const { code, message, responseCode } = failure;
      await this.store.reschedule(job.id, job.attempts, dueAt, keep ? this.leaseFrom(dueAt) : null, { code, message, responseCode });
    } catch (err) {
      this.storeFailed(job, err);
      return;
    }
    if (!keep) return;
    // close() began while the retry was being stored as this replica's: it has already handed back
    // what was waiting, so this one goes back too, rather than wait on a timer nobody will clear.
    if (this.closing) {
      await this.handBack(job);
      return;
    }
    const timer = setTimeout(() => {
      this.backingOff.delete(timer);
      this.ready.push({ ...job, claimed: false });
      this.pump();
    }, delayMs);
    // A waiting retry must not keep alive a process that is otherwise done (a CLI run, a test worker).
    timer.unref();
    this.backingOff.set(timer, job);
  }

  private async drop(job: Job, failure: Failure): Promise<void> {
    this.logger.error({ mail: describeJob(job), failure }, 'mail dropped: delivery failed');
    await this.store.remove(job.id).catch((err: unknown) => {
      this.storeFailed(job, err);
    });
  }

  private async handBack(job: Job): Promise<void> {
    await this.store.release(job.id, job.attempts).catch((err: unknown) => {
      this.storeFailed(job, err);
    });
  }

  /** The row stays as it was: held until its lease ends, then claimed again by whichever replica polls first. */
  private storeFailed(job: Job, err: unknown): void {
    this.logger.warn({ mail: describeJob(job), error: describeError(err) }, 'mail outbox unavailable: the mail waits for its lease to end');
  }

  // One line when polling starts failing and one when it works again, not one every poll.
  private storeUnreachable(err: unknown): void {
    if (this.storeDown) return;
    this.storeDown = true;
    this.logger.warn({ error: describeError(err) }, 'mail outbox unavailable: polling goes on');
  }

  private storeReachable(): void {
    if (!this.storeDown) return;
    this.storeDown = false;
    this.logger.info('mail outbox available again');
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.leaseMs);
  }

  private wakeIfIdle(): void {
    if (this.pending() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function describeJob(job: Job): { purpose: string; to: string; attempt: number } {
  return { purpose: job.purpose, to: job.to, attempt: job.attempts };
}

/** What of an error is logged: its code and message, never an object that may hold the mail and its link. */
function describeError(err: unknown): { code: string | null; message: string } {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return { code: typeof e.code === 'string' ? e.code : null, message: typeof e.message === 'string' ? e.message : 'unknown error' };
}

/** Adds the SMTP reply code. A 5xx reply is permanent (bad recipient, refused credentials): retrying cannot succeed. */
function describeFailure(err: unknown): Failure {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  const responseCode = typeof code === 'number' ? code : null;
  return { ...describeError(err), responseCode, permanent: responseCode !== null && responseCode >= 500 };
}
