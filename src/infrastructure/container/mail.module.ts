import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { composeTokenMail } from '../mail/compose.js';
import { ConsoleMailTransport } from '../mail/console-mail-transport.js';
import { MailSeal } from '../mail/mail-seal.js';
import type { MailTransport } from '../mail/outgoing-mail.js';
import { Outbox } from '../mail/outbox.js';
import { PgOutboxStore } from '../mail/pg-outbox-store.js';
import { SmtpMailTransport } from '../mail/smtp-mail-transport.js';
import { TOKENS } from './tokens.js';

function createTransport(cfg: Config, logger: Logger): MailTransport {
  if (cfg.SMTP_HOST) {
    logger.info({ smtp: { host: cfg.SMTP_HOST, port: cfg.SMTP_PORT, tls: cfg.SMTP_TLS } }, 'mail goes out through SMTP');
    const auth = cfg.SMTP_USER && cfg.SMTP_PASSWORD ? { user: cfg.SMTP_USER, pass: cfg.SMTP_PASSWORD } : null;
    return new SmtpMailTransport({ host: cfg.SMTP_HOST, port: cfg.SMTP_PORT, tls: cfg.SMTP_TLS, auth, from: cfg.MAIL_FROM });
  }
  if (cfg.NODE_ENV === 'production') {
    logger.warn('no SMTP_HOST: mail is logged without its links, so nobody can reset a password or verify an address');
  }
  return new ConsoleMailTransport(logger, cfg.NODE_ENV === 'development');
}

export const mailModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Outbox)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      const logger = c.get(TOKENS.Logger);
      const outbox = new Outbox(
        (mail) => composeTokenMail(mail, cfg.FRONTEND_URL),
        new MailSeal(cfg.SECRET_KEY),
        new PgOutboxStore(c.get(TOKENS.Pool)),
        createTransport(cfg, logger),
        { attempts: cfg.MAIL_SEND_ATTEMPTS, delayMs: cfg.MAIL_RETRY_DELAY_MS },
        c.get(TOKENS.Clock),
        logger,
      );
      outbox.start();
      return outbox;
    })
    .inSingletonScope()
    // Shutdown drains it before the pool closes (runtime.ts): a reset asked for before SIGTERM still
    // gets its mail, and what cannot go out in time is handed back to the table for another replica.
    .onDeactivation((outbox) => outbox.close());
  bind(TOKENS.MailSender).toService(TOKENS.Outbox);
  bind(TOKENS.BackgroundWork).toService(TOKENS.Outbox);
});
