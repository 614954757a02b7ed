import { describe, expect, it } from 'vitest';
import type { TokenMail } from '../../../src/application/accounts/ports/mail-sender.js';
import { Email } from '../../../src/domain/users/email.js';
import { composeTokenMail } from '../../../src/infrastructure/mail/compose.js';
import type { MailTransport, OutgoingMail } from '../../../src/infrastructure/mail/outgoing-mail.js';
import { InProcessOutbox } from '../../../src/infrastructure/mail/in-process-outbox.js';
import { capturingLogger } from './log-capture.js';

const TOKEN = 'secret-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

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

function outbox(transport: MailTransport, retry = { attempts: 3, delayMs: 5 }) {
  const log = capturingLogger();
  const sender = new InProcessOutbox((m) => composeTokenMail(m, 'https://app.example.test'), transport, retry, log.logger);
  return { sender, log };
}

describe('InProcessOutbox', () => {
  it('when a mail is sent, then send resolves before the transport has delivered it', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const { sender } = outbox(transport);
    await sender.send(mail());
    expect(transport.delivered).toEqual([]);
    transport.release();
    await sender.idle();
    expect(transport.delivered.map((m) => m.to)).toEqual(['user-1@example.com']);
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
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.inFlight).toBe(4);
    transport.release();
    await sender.idle();
    expect(transport.maxInFlight).toBe(4);
    expect(transport.delivered).toHaveLength(10);
  });

  it('when nothing was ever sent, then idle resolves at once', async () => {
    await outbox(new ScriptedTransport()).sender.idle();
  });

  it('when it closes with a retry waiting, then the retry runs at once, the queue drains and the transport is closed', async () => {
    const transport = new ScriptedTransport(1);
    const { sender } = outbox(transport, { attempts: 3, delayMs: 60_000 });
    await sender.send(mail());
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.attempts).toBe(1);
    const started = Date.now();
    await sender.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(transport.delivered).toHaveLength(1);
    expect(transport.closed).toBe(true);
  });

  it('when it closes and a delivery hangs past the grace period, then close returns and logs the mails lost', async () => {
    const transport = new ScriptedTransport();
    transport.hold();
    const { sender, log } = outbox(transport);
    await sender.send(mail());
    await sender.close(50);
    expect(log.lines().find((l) => l.msg === 'outbox not drained at shutdown: mails or tasks lost')).toMatchObject({ pending: 1 });
    transport.release();
  });
});

describe('InProcessOutbox as BackgroundWork', () => {
  it('when a task queues a mail, then idle waits for the task and for the mail it queued', async () => {
    const transport = new ScriptedTransport();
    const { sender } = outbox(transport);
    sender.run('lookup then mail', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
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
      await new Promise((resolve) => setTimeout(resolve, 30));
      await sender.send(mail());
    });
    await sender.close();
    expect(transport.delivered).toHaveLength(1);
  });
});
