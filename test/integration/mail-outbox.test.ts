import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenMail } from '../../src/application/accounts/ports/mail-sender.js';
import { Email } from '../../src/domain/users/email.js';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { composeTokenMail } from '../../src/infrastructure/mail/compose.js';
import { MailSeal } from '../../src/infrastructure/mail/mail-seal.js';
import { Outbox, type OutboxPolicy } from '../../src/infrastructure/mail/outbox.js';
import { PgOutboxStore } from '../../src/infrastructure/mail/pg-outbox-store.js';
import { SmtpMailTransport } from '../../src/infrastructure/mail/smtp-mail-transport.js';
import { SystemClock } from '../../src/infrastructure/security/system-clock.js';
import { type TestDatabase, createIsolatedDatabase } from '../support/database.js';
import { type CapturedLogs, captureLogs } from '../support/logs.js';
import { freePort } from '../support/net.js';
import { TestSmtpServer } from '../support/smtp.js';
import { until } from '../support/wait.js';

// The outbox on PostgreSQL and a real SMTP server: what a crash, a restart, a mail server that is
// down and a second replica do to queued mail.

const FRONTEND = 'https://app.example.test';
const SECRET = randomBytes(32).toString('hex');

let db: TestDatabase;
let pool: pg.Pool;
let store: PgOutboxStore;
beforeAll(async () => {
  db = await createIsolatedDatabase();
  pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '10' }));
  store = new PgOutboxStore(pool);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});
beforeEach(async () => {
  await pool.query('DELETE FROM mail_outbox');
});

let serial = 0;
function resetMail(): TokenMail {
  serial++;
  return {
    purpose: 'password_reset',
    to: Email.parse(`user-${serial}-${randomBytes(3).toString('hex')}@example.com`),
    token: randomBytes(32).toString('base64url'),
    expiresAt: new Date(Date.now() + 30 * 60_000),
  };
}

interface Replica {
  outbox: Outbox;
  logs: CapturedLogs;
}

/** One replica's outbox: its own transport to `smtpPort`, the shared table. */
function replica(smtpPort: number, policy: OutboxPolicy): Replica {
  const logs = captureLogs('debug');
  const transport = new SmtpMailTransport({ host: '127.0.0.1', port: smtpPort, tls: 'none', auth: null, from: 'seed-api <no-reply@example.com>' });
  const outbox = new Outbox((m) => composeTokenMail(m, FRONTEND), new MailSeal(SECRET), store, transport, policy, new SystemClock(), logs.logger);
  return { outbox, logs };
}

interface OutboxRow {
  id: string;
  recipient: string;
  attempts: number;
  locked_until: Date | null;
  last_error: Record<string, unknown> | null;
}

async function rows(): Promise<OutboxRow[]> {
  const result = await pool.query<OutboxRow>(
    'SELECT id, recipient, attempts, locked_until, last_error FROM mail_outbox ORDER BY id',
  );
  return result.rows;
}

/** A row as a replica that crashed leaves it once its lease has ended: due, held by nobody. */
async function leftByACrash(mail: TokenMail): Promise<string> {
  const outgoing = composeTokenMail(mail, FRONTEND);
  return store.add({
    purpose: outgoing.purpose,
    recipient: outgoing.to,
    payload: new MailSeal(SECRET).seal(outgoing),
    createdAt: new Date(Date.now() - 200_000),
    heldUntil: new Date(Date.now() - 60_000),
  });
}

const POLL = { timeoutMs: 15_000, intervalMs: 20 };

const linkOf = (mail: TokenMail) => `${FRONTEND}/reset-password?token=${encodeURIComponent(mail.token)}`;

/** The mail reached its recipient exactly once, with its link. */
function expectDeliveredOnce(smtp: TestSmtpServer, mail: TokenMail): void {
  const got = smtp.mailsTo(mail.to.value);
  expect(got).toHaveLength(1);
  expect(got[0]?.text).toContain(linkOf(mail));
}

describe('a mail server that is down', () => {
  it('when a mail is queued while SMTP is down, then it waits in the table and is delivered once SMTP is back', async () => {
    const port = await freePort();
    const { outbox } = replica(port, { attempts: 5, delayMs: 300 });
    const mail = resetMail();
    await outbox.send(mail);
    await until('the first failed attempt', async () => Boolean((await rows())[0]?.last_error), POLL);
    const [waiting] = await rows();
    expect(waiting).toMatchObject({ recipient: mail.to.value, attempts: 1 });
    expect(JSON.stringify(waiting?.last_error)).not.toContain(mail.token);

    const smtp = await TestSmtpServer.start({ port });
    try {
      await outbox.idle();
      expectDeliveredOnce(smtp, mail);
      expect(await rows()).toEqual([]);
    } finally {
      await outbox.close();
      await smtp.close();
    }
  });

  it('when the attempts run out, then the row is deleted and the drop is logged with purpose, recipient and failure, never the link', async () => {
    const smtp = await TestSmtpServer.start();
    smtp.refuseNext(100, 451);
    const { outbox, logs } = replica(Number(smtp.env().SMTP_PORT), { attempts: 3, delayMs: 10 });
    const mail = resetMail();
    try {
      await outbox.send(mail);
      await outbox.idle();
      expect(smtp.attempts).toBe(3);
      expect(await rows()).toEqual([]);
      expect(logs.records().find((l) => l.msg === 'mail dropped: delivery failed')).toMatchObject({
        mail: { purpose: 'password_reset', to: mail.to.value, attempt: 3 },
        failure: { responseCode: 451 },
      });
      expect(logs.text()).not.toContain(mail.token);
      expect(logs.text()).not.toContain(encodeURIComponent(mail.token));
      expect(logs.text()).not.toContain('reset-password');
    } finally {
      await outbox.close();
      await smtp.close();
    }
  });
});

describe('what the table holds', () => {
  it('when a mail waits in the table, then neither its token nor its link is there in clear; purpose and recipient are', async () => {
    const { outbox } = replica(await freePort(), { attempts: 5, delayMs: 60_000 });
    const mail = resetMail();
    try {
      await outbox.send(mail);
      const { rows: stored } = await pool.query<{ whole: string; payload: Buffer }>(
        'SELECT row_to_json(m)::text AS whole, payload FROM mail_outbox m',
      );
      expect(stored).toHaveLength(1);
      const [row] = stored;
      expect(row?.whole).toContain(mail.to.value);
      expect(row?.whole).toContain('password_reset');
      for (const secret of [mail.token, encodeURIComponent(mail.token), 'reset-password', Buffer.from(mail.token).toString('hex')]) {
        expect(row?.whole).not.toContain(secret);
        expect(row?.payload.toString('latin1')).not.toContain(secret);
      }
    } finally {
      await outbox.close();
    }
  });

  it('when someone with write access redirects a row to another address, then nothing is sent there and the mail is dropped', async () => {
    const smtp = await TestSmtpServer.start();
    const id = await leftByACrash(resetMail());
    await pool.query("UPDATE mail_outbox SET recipient = 'mallory@example.com' WHERE id = $1", [id]);
    const { outbox, logs } = replica(Number(smtp.env().SMTP_PORT), { attempts: 2, delayMs: 10, pollMs: 20 });
    try {
      outbox.start();
      await until('the drop', () => logs.records().some((l) => l.msg === 'mail dropped: delivery failed'), POLL);
      await outbox.idle(); // the row is deleted just after the line is logged
      expect(smtp.attempts).toBe(0);
      expect(await rows()).toEqual([]);
      expect(logs.records().find((l) => l.msg === 'mail dropped: delivery failed')).toMatchObject({
        mail: { to: 'mallory@example.com' },
        failure: { code: 'OUTBOX_UNREADABLE' },
      });
    } finally {
      await outbox.close();
      await smtp.close();
    }
  });
});

describe('a replica that crashes or stops', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
  });
  afterAll(() => smtp.close());
  const port = () => Number(smtp.env().SMTP_PORT);

  it('when a replica died right after storing a mail, then a new one on the same database delivers it', async () => {
    const mail = resetMail();
    await leftByACrash(mail);
    const { outbox } = replica(port(), { attempts: 5, delayMs: 10 });
    try {
      outbox.start();
      await outbox.idle();
      expectDeliveredOnce(smtp, mail);
      expect(await rows()).toEqual([]);
    } finally {
      await outbox.close();
    }
  });

  it('when a replica died holding a mail for its retry, then a new one delivers it once the lease has ended, and not before', async () => {
    const down = await freePort();
    const crashed = replica(down, { attempts: 5, delayMs: 60_000 });
    const mail = resetMail();
    await crashed.outbox.send(mail);
    await until('the first failed attempt', async () => Boolean((await rows())[0]?.last_error), POLL);
    const [held] = await rows();
    expect(held?.locked_until?.getTime()).toBeGreaterThan(Date.now() + 60_000);

    const restarted = replica(port(), { attempts: 5, delayMs: 10 });
    try {
      restarted.outbox.start();
      await restarted.outbox.idle();
      expect(smtp.mailsTo(mail.to.value)).toEqual([]);
      // Time passes: the retry is due and the dead replica's lease is over.
      await pool.query("UPDATE mail_outbox SET next_attempt_at = now() - interval '1 minute', locked_until = now() - interval '1 second'");
      await restarted.outbox.close();

      const next = replica(port(), { attempts: 5, delayMs: 10 });
      next.outbox.start();
      await next.outbox.idle();
      await next.outbox.close();
      expect(smtp.mailsTo(mail.to.value)).toHaveLength(1);
      expect(await rows()).toEqual([]);
    } finally {
      // Clears the dead replica's retry timer; handing its mail back changes nothing, its count has moved on.
      await crashed.outbox.close(0);
    }
    expect(smtp.mailsTo(mail.to.value)).toHaveLength(1);
  });

  it('when a replica stops with a retry waiting, then it hands the mail back and a running replica delivers it when due', async () => {
    const smtpThatRefusesOnce = await TestSmtpServer.start();
    smtpThatRefusesOnce.refuseNext(1, 451);
    // A retry a minute away: it cannot fire, and deliver the mail itself, before the replica stops,
    // however slow the machine.
    const leaving = replica(Number(smtpThatRefusesOnce.env().SMTP_PORT), { attempts: 5, delayMs: 60_000 });
    const staying = replica(port(), { attempts: 5, delayMs: 10, pollMs: 50 });
    const mail = resetMail();
    try {
      await leaving.outbox.send(mail);
      await until('the refused attempt', () => smtpThatRefusesOnce.attempts === 1, POLL);
      await leaving.outbox.close();
      expect((await rows())[0]).toMatchObject({ attempts: 1, locked_until: null });
      staying.outbox.start();
      // Time passes: the retry is due.
      await pool.query("UPDATE mail_outbox SET next_attempt_at = now() - interval '1 second'");
      await until('the delivery by the running replica', () => smtp.mailsTo(mail.to.value).length === 1, POLL);
      await until('the row to go', async () => (await rows()).length === 0, POLL);
      expect(smtpThatRefusesOnce.received).toEqual([]);
    } finally {
      await staying.outbox.close();
      await smtpThatRefusesOnce.close();
    }
  });
});

describe('two replicas on one database', () => {
  it('when both deliver at once, mail they queued and mail crashed replicas left, then every mail arrives exactly once', async () => {
    const smtp = await TestSmtpServer.start();
    smtp.delayMs = 20;
    const policy = { attempts: 5, delayMs: 10, pollMs: 25 };
    const a = replica(Number(smtp.env().SMTP_PORT), policy);
    const b = replica(Number(smtp.env().SMTP_PORT), policy);
    const left = Array.from({ length: 24 }, () => resetMail());
    const fresh = Array.from({ length: 16 }, () => resetMail());
    try {
      for (const mail of left) await leftByACrash(mail);
      a.outbox.start();
      b.outbox.start();
      await Promise.all(fresh.map((mail, i) => (i % 2 === 0 ? a : b).outbox.send(mail)));
      await until('every delivery', () => smtp.received.length >= left.length + fresh.length, { ...POLL, timeoutMs: 30_000 });
      await Promise.all([a.outbox.idle(), b.outbox.idle()]);
      await sleep(100); // room for a duplicate to show up
      expect(smtp.received).toHaveLength(left.length + fresh.length);
      for (const mail of [...left, ...fresh]) expectDeliveredOnce(smtp, mail);
      expect(await rows()).toEqual([]);
      // Both took part in delivering what the crashed replicas left.
      const sentBy = (r: Replica) => r.logs.records().filter((l) => l.msg === 'mail sent').length;
      expect(sentBy(a)).toBeGreaterThan(fresh.length / 2);
      expect(sentBy(b)).toBeGreaterThan(fresh.length / 2);
    } finally {
      await a.outbox.close();
      await b.outbox.close();
      await smtp.close();
    }
  });
});
