import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TokenMail } from '../../../src/application/accounts/ports/mail-sender.js';
import { Email } from '../../../src/domain/users/email.js';
import { composeTokenMail } from '../../../src/infrastructure/mail/compose.js';
import { InMemoryOutboxStore } from '../../../src/infrastructure/mail/in-memory-outbox-store.js';
import { MailSeal } from '../../../src/infrastructure/mail/mail-seal.js';
import { Outbox, type OutboxPolicy } from '../../../src/infrastructure/mail/outbox.js';
import type { NewOutboxMail, OutboxStore } from '../../../src/infrastructure/mail/outbox-store.js';
import type { MailTransport, OutgoingMail } from '../../../src/infrastructure/mail/outgoing-mail.js';
import { SystemClock } from '../../../src/infrastructure/security/system-clock.js';
import { until } from '../../support/wait.js';
import { capturingLogger } from './log-capture.js';

const TOKEN = 'secret-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const FRONTEND = 'https://app.example.test';
const SECRET = 'a-secret-key-of-at-least-32-bytes-for-tests';

function mail(n = 1): TokenMail {
  return { purpose: 'password_reset', to: Email.parse(`user-${n}@example.com`), token: `${TOKEN}-${n}`, expiresAt: new Date('2030-01-01T00:30:00Z') };
}

/** A transport that fails its first `failures` deliveries, and can be held until released. */
class ScriptedTransport implements MailTransport {
  readonly delivered: OutgoingMail[] = [];
  attempts = 0;
  inFlight = 0;
  maxInFlight = 0;
  closed = false;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  constructor(
    private failures = 0,
    private readonly error: { message: string; code?: string; responseCode?: number } = { message: 'connection refused', code: 'ECONNECTION' },
  ) {}

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open();
  }

  async deliver(m: OutgoingMail): Promise<void> {
    this.attempts++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate;
      if (this.failures > 0) {
        this.failures--;
        throw Object.assign(new Error(this.error.message), this.error);
      }
      this.delivered.push(m);
    } finally {
      this.inFlight--;
    }
  }

  close(): void {
    this.closed = true;
  }
}

/** The in-memory store, recording what it was given to keep. */
class RecordingStore extends InMemoryOutboxStore {
  readonly added: NewOutboxMail[] = [];

  override add(m: NewOutboxMail): Promise<string> {
    this.added.push(m);
    return super.add(m);
  }
}

function outbox(
  transport: MailTransport,
  policy: OutboxPolicy = { attempts: 3, delayMs: 5 },
  opts: { store?: OutboxStore } = {},
) {
  const log = capturingLogger();
  const sender = new Outbox(
    (m) => composeTokenMail(m, FRONTEND),
    new MailSeal(SECRET),
    opts.store ?? new InMemoryOutboxStore(),
    transport,
    policy,
    new SystemClock(),
    log.logger,
  );
  return { sender, log };
}

const POLL = { timeoutMs: 5_000, intervalMs: 5 };

describe('Outbox', () => {
  it('when a mail is sent, then send resolves once it is stored, before the transport has delivered it', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const store = new RecordingStore();
    const { sender } = outbox(transport, undefined, { store });
    await sender.send(mail());
    expect(store.added).toHaveLength(1);
    expect(transport.delivered).toEqual([]);
    transport.release();
    await sender.idle();
    expect(transport.delivered.map((m) => m.to)).toEqual(['user-1@example.com']);
  });

  it('when a mail is stored, then its link is sealed: neither the token nor the link is in what the store keeps', async () => {
    const store = new RecordingStore();
    const { sender } = outbox(new ScriptedTransport(), undefined, { store });
    await sender.send(mail());
    await sender.idle();
    const [kept] = store.added;
    expect(kept).toMatchObject({ purpose: 'password_reset', recipient: 'user-1@example.com' });
    expect(kept?.payload.toString('latin1')).not.toContain(TOKEN);
    expect(kept?.payload.toString('latin1')).not.toContain('reset-password');
  });

  it('when the store cannot keep the mail, then send rejects and nothing is delivered', async () => {
    class DownStore extends InMemoryOutboxStore {
      override add(): Promise<string> {
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      }
    }
    const transport = new ScriptedTransport();
    const { sender } = outbox(transport, undefined, { store: new DownStore() });
    await expect(sender.send(mail())).rejects.toThrow('ECONNREFUSED');
    await sender.idle();
    expect(transport.attempts).toBe(0);
  });

  it('when the transport keeps failing, then it is tried exactly `attempts` times, with growing waits, then dropped and logged', async () => {
    const transport = new ScriptedTransport(99);
    const { sender, log } = outbox(transport, { attempts: 4, delayMs: 10 });
    await sender.send(mail());
    await sender.idle();
    expect(transport.attempts).toBe(4);
    const entries = log.lines();
    expect(entries.filter((l) => l.msg === 'mail not sent yet: will retry').map((l) => l.retryInMs)).toEqual([10, 20, 40]);
    expect(entries.filter((l) => l.msg === 'mail dropped: delivery failed')).toHaveLength(1);
  });

  it('when a delivery fails, then the log names the recipient and the error but never the token or the link', async () => {
    const transport = new ScriptedTransport(99);
    const { sender, log } = outbox(transport, { attempts: 2, delayMs: 1 });
    await sender.send(mail());
    await sender.idle();
    const dropped = log.lines().find((l) => l.msg === 'mail dropped: delivery failed');
    expect(dropped).toMatchObject({ mail: { purpose: 'password_reset', to: 'user-1@example.com', attempt: 2 }, failure: { code: 'ECONNECTION' } });
    expect(log.raw()).not.toContain(TOKEN);
    expect(log.raw()).not.toContain('reset-password?token');
  });

  it('when the transport fails twice, then the third attempt delivers', async () => {
    const transport = new ScriptedTransport(2);
    const { sender } = outbox(transport);
    await sender.send(mail());
    await sender.idle();
    expect(transport.attempts).toBe(3);
    expect(transport.delivered).toHaveLength(1);
  });

  it('when the server refuses for good (a 5xx reply), then there is no retry', async () => {
    const transport = new ScriptedTransport(1, { message: 'mailbox unavailable', responseCode: 550 });
    const { sender } = outbox(transport);
    await sender.send(mail());
    await sender.idle();
    expect(transport.attempts).toBe(1);
  });

  it('when many mails are queued, then at most four are in delivery at once and all arrive', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const { sender } = outbox(transport);
    for (let n = 1; n <= 10; n++) await sender.send(mail(n));
    await until('four deliveries', () => transport.inFlight === 4, POLL);
    transport.release();
    await sender.idle();
    expect(transport.maxInFlight).toBe(4);
    expect(transport.delivered).toHaveLength(10);
  });

  it('when nothing was ever sent, then idle resolves at once', async () => {
    await outbox(new ScriptedTransport()).sender.idle();
  });

  it('when the store fails while a retry is arranged, then the failure is logged without the link and the mail is left to its lease', async () => {
    class FlakyStore extends InMemoryOutboxStore {
      override reschedule(): Promise<void> {
        return Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: null }));
      }
    }
    const transport = new ScriptedTransport(1);
    const { sender, log } = outbox(transport, undefined, { store: new FlakyStore() });
    await sender.send(mail());
    await sender.idle();
    expect(transport.attempts).toBe(1);
    expect(log.lines().find((l) => l.msg === 'mail outbox unavailable: the mail waits for its lease to end')).toMatchObject({
      mail: { to: 'user-1@example.com', attempt: 1 },
      error: { message: 'Connection terminated unexpectedly' },
    });
    expect(log.raw()).not.toContain(TOKEN);
  });
});

describe('Outbox shared by replicas', () => {
  const fast = { attempts: 3, delayMs: 5, pollMs: 10 };

  it('when a replica closes with a retry waiting, then the mail goes back to the store and another replica delivers it when due', async () => {
    const store = new InMemoryOutboxStore();
    const first = new ScriptedTransport(1);
    // The retry is 2 s away: it cannot fire before the close below, however slow the machine.
    const leaving = outbox(first, { attempts: 3, delayMs: 2_000 }, { store });
    await leaving.sender.send(mail());
    await until('the first attempt', () => first.attempts === 1, POLL);
    await sleep(10);
    const started = Date.now();
    await leaving.sender.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(first.attempts).toBe(1);
    expect(first.closed).toBe(true);

    const second = new ScriptedTransport();
    const staying = outbox(second, fast, { store });
    staying.sender.start();
    await until('the delivery by the other replica', () => second.delivered.length === 1, POLL);
    // Not before it was due: at least 2 s after the failure, which came shortly before `started`.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(second.delivered[0]?.link).toBe(`${FRONTEND}/reset-password?token=${encodeURIComponent(`${TOKEN}-1`)}`);
    await staying.sender.close();
  });

  it('when a replica died holding a mail, then another takes it once the lease has ended', async () => {
    const store = new InMemoryOutboxStore();
    const hung = new ScriptedTransport();
    hung.hold();
    const dead = outbox(hung, { attempts: 3, delayMs: 5, leaseMs: 1_000 }, { store });
    await dead.sender.send(mail());
    await until('the hung delivery', () => hung.inFlight === 1, POLL);

    const second = new ScriptedTransport();
    const alive = outbox(second, fast, { store });
    alive.sender.start();
    // Well inside the lease: the mail is still the dead replica's.
    await sleep(200);
    expect(second.attempts).toBe(0);
    await until('the delivery by the other replica', () => second.delivered.length === 1, POLL);
    await alive.sender.close();
    await dead.sender.close(0);
  });

  it('when a mail was sealed under another SECRET_KEY, then it is not delivered, its retries are anyone\'s, and it is dropped after its attempts', async () => {
    const store = new InMemoryOutboxStore();
    // Left in the store as a crash would leave it: handed back, never delivered.
    const id = await store.add({
      purpose: 'password_reset',
      recipient: 'user-1@example.com',
      payload: new MailSeal('another-secret-key-of-at-least-32-bytes').seal(composeTokenMail(mail(), FRONTEND)),
      createdAt: new Date(),
      heldUntil: new Date(Date.now() - 1),
    });
    const transport = new ScriptedTransport();
    const { sender, log } = outbox(transport, { attempts: 2, delayMs: 5, pollMs: 10 }, { store });
    sender.start();
    await until('the drop', () => log.lines().some((l) => l.msg === 'mail dropped: delivery failed'), POLL);
    await sender.idle(); // the row is deleted just after the line is logged
    expect(transport.attempts).toBe(0);
    expect(log.lines().find((l) => l.msg === 'mail dropped: delivery failed')).toMatchObject({
      mail: { to: 'user-1@example.com', attempt: 2 },
      failure: { code: 'OUTBOX_UNREADABLE' },
    });
    expect(await store.claim(id, 2, new Date())).toBe(false);
    await sender.close();
  });

  it('when a replica died during the last attempt, then the next claimer drops the mail without sending it again', async () => {
    const store = new InMemoryOutboxStore();
    const id = await store.add({
      purpose: 'password_reset',
      recipient: 'user-1@example.com',
      payload: new MailSeal(SECRET).seal(composeTokenMail(mail(), FRONTEND)),
      createdAt: new Date(),
      heldUntil: new Date(),
    });
    const past = new Date(Date.now() - 1);
    for (let n = 0; n < 3; n++) expect(await store.claim(id, n, past)).toBe(true);
    const transport = new ScriptedTransport();
    const { sender, log } = outbox(transport, { attempts: 3, delayMs: 5 }, { store });
    sender.start();
    await sender.idle();
    expect(transport.attempts).toBe(0);
    expect(log.lines().find((l) => l.msg === 'mail dropped: delivery failed')).toMatchObject({
      mail: { attempt: 4 },
      failure: { code: 'OUTBOX_INTERRUPTED' },
    });
    await sender.close();
  });
});

describe('Outbox at shutdown', () => {
  it('when it closes with a retry waiting, then close returns at once, the retry is not rushed, and the transport is closed', async () => {
    const transport = new ScriptedTransport(1);
    const { sender } = outbox(transport, { attempts: 3, delayMs: 60_000 });
    await sender.send(mail());
    await until('the first attempt', () => transport.attempts === 1, POLL);
    await sleep(10);
    const started = Date.now();
    await sender.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(transport.attempts).toBe(1);
    expect(transport.closed).toBe(true);
  });

  it('when it closes while a failed attempt is still arranging its retry, then the mail goes back to the store at once', async () => {
    // The retry was arranged as this replica's own just before close began, and is stored just after.
    class SlowRescheduleStore extends InMemoryOutboxStore {
      readonly released: string[] = [];
      rescheduling = false;
      private stored: () => void = () => undefined;
      override async reschedule(...args: Parameters<InMemoryOutboxStore['reschedule']>): Promise<void> {
        this.rescheduling = true;
        await new Promise<void>((resolve) => {
          this.stored = resolve;
        });
        return super.reschedule(...args);
      }
      finishReschedule(): void {
        this.stored();
      }
      override release(id: string, attempts: number): Promise<void> {
        this.released.push(id);
        return super.release(id, attempts);
      }
    }
    const store = new SlowRescheduleStore();
    const transport = new ScriptedTransport(1);
    const { sender } = outbox(transport, { attempts: 3, delayMs: 60_000 }, { store });
    await sender.send(mail());
    await until('the retry being stored', () => store.rescheduling, POLL);
    const started = Date.now();
    const closed = sender.close();
    store.finishReschedule();
    await closed;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(store.released).toEqual(['1']);
    expect(transport.attempts).toBe(1);
  });

  it('when it closes with a mail in delivery, then close waits for it', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const { sender } = outbox(transport);
    await sender.send(mail());
    setTimeout(() => {
      transport.release();
    }, 50);
    await sender.close();
    expect(transport.delivered).toHaveLength(1);
  });

  it('when it closes and a delivery hangs past the grace period, then close returns and logs what was unfinished', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const { sender, log } = outbox(transport);
    await sender.send(mail());
    await sender.close(50);
    expect(log.lines().find((l) => String(l.msg).startsWith('outbox not drained at shutdown'))).toMatchObject({ tasks: 0, deliveries: 1 });
    transport.release();
  });
});

describe('Outbox as BackgroundWork', () => {
  it('when a task queues a mail, then idle waits for the task and for the mail it queued', async () => {
    const transport = new ScriptedTransport();
    const { sender } = outbox(transport);
    sender.run('lookup then mail', async () => {
      await sleep(20);
      await sender.send(mail());
    });
    await sender.idle();
    expect(transport.delivered).toHaveLength(1);
  });

  it('when a task fails, then the failure is logged with the task name and nothing throws', async () => {
    const { sender, log } = outbox(new ScriptedTransport());
    sender.run('doomed', () => Promise.reject(Object.assign(new Error('database unavailable'), { code: 'ECONNREFUSED' })));
    await sender.idle();
    expect(log.lines().find((l) => l.msg === 'background task failed')).toMatchObject({
      task: 'doomed',
      error: { code: 'ECONNREFUSED', message: 'database unavailable' },
    });
  });

  it('when it closes while a task runs, then the task and its mail finish first', async () => {
    const transport = new ScriptedTransport();
    const { sender } = outbox(transport);
    sender.run('slow', async () => {
      await sleep(30);
      await sender.send(mail());
    });
    await sender.close();
    expect(transport.delivered).toHaveLength(1);
  });
});
