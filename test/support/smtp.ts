import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { type TestApp, startTestApp } from './app.js';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

type DataCallback = (err?: Error | null) => void;

/**
 * A real SMTP server on a loopback port, recording the mails it accepts. It can be told to be slow
 * or to refuse deliveries, to show what the app does when its mail server misbehaves.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** DATA commands seen, accepted or refused: one per delivery attempt. */
  attempts = 0;
  /** AUTH commands seen, accepted or refused. */
  logins = 0;
  /** Wait this long before answering each DATA. */
  delayMs = 0;
  private refusals = { left: 0, code: 451 };
  private server!: SMTPServer;
  private port = 0;

  /** `port`: a fixed one, to bring back a server that was down; by default any free port. */
  static async start(opts: { auth?: { user: string; pass: string }; port?: number } = {}): Promise<TestSmtpServer> {
    const { auth, port = 0 } = opts;
    const smtp = new TestSmtpServer();
    smtp.server = new SMTPServer({
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      onAuth: (a, _session, callback) => {
        smtp.logins++;
        const ok = auth !== undefined && a.username === auth.user && a.password === auth.pass;
        callback(ok ? null : Object.assign(new Error('Invalid credentials'), { responseCode: 535 }), ok ? { user: a.username } : undefined);
      },
      onData: (stream, session, callback) => {
        void smtp.accept(stream, session, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.server.listen(port, '127.0.0.1', resolve));
    smtp.port = (smtp.server.server.address() as AddressInfo).port;
    return smtp;
  }

  /** What the app needs to send here. */
  env(): Record<string, string> {
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.port), SMTP_TLS: 'none' };
  }

  /** Refuse the next `count` deliveries with this reply code (4xx transient, 5xx permanent). */
  refuseNext(count: number, code = 451): void {
    this.refusals = { left: count, code };
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(resolve);
    });
  }

  private async accept(stream: SMTPServerDataStream, session: SMTPServerSession, callback: DataCallback): Promise<void> {
    this.attempts++;
    const parsed = await simpleParser(stream);
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.refusals.left > 0) {
      this.refusals.left--;
      callback(Object.assign(new Error('Not now'), { responseCode: this.refusals.code }));
      return;
    }
    this.received.push({
      to: session.envelope.rcptTo.map((a) => a.address.toLowerCase()),
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
    });
    callback();
  }
}

export interface MailTestBed {
  t: TestApp;
  smtp: TestSmtpServer;
}

/**
 * A test app whose mail goes to a real SMTP server of its own: both started before the tests of the
 * enclosing file or describe block, and closed after them. `logger` as for startTestApp.
 */
export function useMailTestBed(env: Record<string, string> = {}, opts: { logger?: Logger } = {}): MailTestBed {
  const bed = {} as MailTestBed;
  beforeAll(async () => {
    bed.smtp = await TestSmtpServer.start();
    bed.t = await startTestApp({ ...bed.smtp.env(), ...env }, opts);
  });
  afterAll(async () => {
    await bed.t.close();
    await bed.smtp.close();
  });
  return bed;
}

/** Waits until the app's outbox is empty: every background task done, every mail delivered or given up. */
export function mailSettled(t: TestApp): Promise<void> {
  return t.container.get(TOKENS.Outbox).idle();
}

/** The token of the link to `page` in a mail's text. */
export function tokenIn(mail: ReceivedMail | undefined, frontendUrl: string, page: string): string {
  const match = new RegExp(`${escapeRegExp(frontendUrl)}${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${page} link in ${JSON.stringify(mail?.text)}`);
  return match[1];
}

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
