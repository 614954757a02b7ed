import type { Logger } from 'pino';
import type { MailSender, TokenMail } from '../../application/accounts/ports/mail-sender.js';
import type { BackgroundWork } from '../../application/shared/background-work.js';
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
 * What happens after the HTTP answer: mail, and the work that leads to it. `send` renders a mail,
 * queues it and returns; delivery runs with bounded retries and exponential backoff, and a mail that
 * fails them all is logged and dropped. `run` starts other work (a reset's lookup, token and mail)
 * and logs its failure. One object, so that `idle()` and the drain at shutdown cover a task together
 * with the mail it queues. Everything lives in memory: what is pending when the process dies is lost,
 * and the user asks again (a durable outbox would be a table).
 */
export class InProcessOutbox implements MailSender, BackgroundWork {
  private readonly tasks = new Set<Promise<void>>();
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

  /** Resolves once no task runs and no mail is queued, in delivery or waiting to be retried. */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
    });
  }

  /** Shutdown: waiting retries run at once, and tasks and mail get `graceMs` to finish before the transport closes. */
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
    if (lost > 0) this.logger.error({ pending: lost }, 'outbox not drained at shutdown: mails or tasks lost');
    this.transport.close();
  }

  private pending(): number {
    return this.tasks.size + this.ready.length + this.active + this.backingOff.size;
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

/** What of an error is logged: its code and message, never an object that may hold the mail and its link. */
function describeError(err: unknown): { code: string | null; message: string } {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return { code: typeof e.code === 'string' ? e.code : null, message: typeof e.message === 'string' ? e.message : 'unknown error' };
}

/** Adds the SMTP reply code. A 5xx reply is permanent (bad recipient, refused credentials): retrying cannot succeed. */
function describeFailure(err: unknown): { code: string | null; message: string; responseCode: number | null; permanent: boolean } {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  const responseCode = typeof code === 'number' ? code : null;
  return { ...describeError(err), responseCode, permanent: responseCode !== null && responseCode >= 500 };
}
