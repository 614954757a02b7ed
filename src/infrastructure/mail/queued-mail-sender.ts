import type { Logger } from 'pino';
import type { MailSender, TokenMail } from '../../application/accounts/ports/mail-sender.js';
import type { MailTransport, OutgoingMail } from './outgoing-mail.js';

export interface RetryPolicy {
  /** Deliveries tried per mail, the first included. */
  attempts: number;
  /** Wait before the first retry, doubled before each further one. */
  delayMs: number;
}

interface Job {
  mail: OutgoingMail;
  attempt: number;
}

// Mails in delivery at once: one slow send does not hold up the rest, and a server is not flooded.
const CONCURRENCY = 4;
// At shutdown: within the 10 s a container runtime gives between SIGTERM and SIGKILL.
const DRAIN_GRACE_MS = 5_000;

/**
 * The MailSender: an in-process outbox. `send` renders the mail, queues it and returns; delivery runs
 * in the background with bounded retries and exponential backoff, and a mail that fails them all is
 * logged and dropped. The queue lives in memory: mails queued when the process dies are lost, and the
 * user asks again (a durable outbox would be a table).
 */
export class QueuedMailSender implements MailSender {
  private readonly ready: Job[] = [];
  private readonly backingOff = new Map<NodeJS.Timeout, Job>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private closing = false;

  constructor(
    private readonly compose: (mail: TokenMail) => OutgoingMail,
    private readonly transport: MailTransport,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  send(mail: TokenMail): Promise<void> {
    this.ready.push({ mail: this.compose(mail), attempt: 1 });
    this.pump();
    return Promise.resolve();
  }

  /** Resolves once nothing is queued, in delivery or waiting to be retried. */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
    });
  }

  /** Shutdown: waiting retries run at once, and the queue gets `graceMs` to drain before the transport closes. */
  async close(graceMs = DRAIN_GRACE_MS): Promise<void> {
    this.closing = true;
    for (const [timer, job] of this.backingOff) {
      clearTimeout(timer);
      this.ready.push(job);
    }
    this.backingOff.clear();
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
    const lost = this.pending();
    if (lost > 0) this.logger.error({ mails: lost }, 'mail queue not drained at shutdown: mails lost');
    this.transport.close();
  }

  private pending(): number {
    return this.ready.length + this.active + this.backingOff.size;
  }

  private pump(): void {
    for (let job = this.nextJob(); job; job = this.nextJob()) {
      this.active++;
      void this.deliver(job).finally(() => {
        this.active--;
        this.pump();
        this.wakeIfIdle();
      });
    }
  }

  private nextJob(): Job | undefined {
    return this.active < CONCURRENCY ? this.ready.shift() : undefined;
  }

  private async deliver(job: Job): Promise<void> {
    try {
      await this.transport.deliver(job.mail);
      this.logger.info({ mail: describeJob(job) }, 'mail sent');
    } catch (err) {
      this.retryOrDrop(job, err);
    }
  }

  private retryOrDrop(job: Job, err: unknown): void {
    const failure = describeFailure(err);
    const context = { mail: describeJob(job), failure };
    if (job.attempt >= this.retry.attempts || failure.permanent) {
      this.logger.error(context, 'mail dropped: delivery failed');
      return;
    }
    const next = { ...job, attempt: job.attempt + 1 };
    if (this.closing) {
      this.ready.push(next); // picked up as soon as this delivery's slot is freed
      return;
    }
    const delayMs = this.retry.delayMs * 2 ** (job.attempt - 1);
    this.logger.warn({ ...context, retryInMs: delayMs }, 'mail not sent yet: will retry');
    const timer = setTimeout(() => {
      this.backingOff.delete(timer);
      this.ready.push(next);
      this.pump();
    }, delayMs);
    // A waiting retry must not keep alive a process that is otherwise done (a CLI run, a test worker).
    timer.unref();
    this.backingOff.set(timer, next);
  }

  private wakeIfIdle(): void {
    if (this.pending() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function describeJob(job: Job): { purpose: string; to: string; attempt: number } {
  return { purpose: job.mail.purpose, to: job.mail.to, attempt: job.attempt };
}

/**
 * What of a failure is logged: the SMTP code and reply, never the mail, which carries the link. A 5xx
 * reply is permanent (bad recipient, refused credentials): retrying it cannot succeed.
 */
function describeFailure(err: unknown): { code: string | null; responseCode: number | null; message: string; permanent: boolean } {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  return {
    code: typeof e.code === 'string' ? e.code : null,
    responseCode,
    message: typeof e.message === 'string' ? e.message : 'unknown error',
    permanent: responseCode !== null && responseCode >= 500,
  };
}
