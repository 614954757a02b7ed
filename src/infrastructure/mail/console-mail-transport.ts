import type { Logger } from 'pino';
import type { MailTransport, OutgoingMail } from './outgoing-mail.js';

/**
 * The default with no SMTP_HOST: the log is the inbox. In development it shows the link, which is
 * what a developer needs to follow a flow; elsewhere a log line must never hand out a token.
 */
export class ConsoleMailTransport implements MailTransport {
  constructor(
    private readonly logger: Logger,
    private readonly showLinks: boolean,
  ) {}

  deliver(mail: OutgoingMail): Promise<void> {
    const shown = { purpose: mail.purpose, to: mail.to, subject: mail.subject, ...(this.showLinks ? { link: mail.link } : {}) };
    this.logger.info({ mail: shown }, 'mail not sent (no SMTP_HOST): logged instead');
    return Promise.resolve();
  }

  close(): void {
    // Nothing held open.
  }
}
