import nodemailer, { type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './outgoing-mail.js';

export interface SmtpOptions {
  host: string;
  port: number;
  tls: 'starttls' | 'implicit' | 'none';
  auth: { user: string; pass: string } | null;
  from: string;
}

// nodemailer waits minutes by default; a send stuck that long only delays its retries.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** One connection per mail: account mail is rare, and nothing is left open between sends. */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly opts: SmtpOptions) {
    this.transporter = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.tls === 'implicit',
      requireTLS: opts.tls === 'starttls',
      ignoreTLS: opts.tls === 'none',
      ...(opts.auth ? { auth: opts.auth } : {}),
      ...TIMEOUTS,
    });
  }

  async deliver(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ from: this.opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  }

  close(): void {
    this.transporter.close();
  }
}
