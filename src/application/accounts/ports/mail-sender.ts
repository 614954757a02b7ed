import type { Email } from '../../../domain/users/email.js';
import type { UserTokenPurpose } from './user-token-repository.js';

/** A mail carrying a one-time token; the adapter renders it (texts, link) for its purpose. */
export interface TokenMail {
  purpose: UserTokenPurpose;
  to: Email;
  token: string;
  expiresAt: Date;
}

export interface MailSender {
  /**
   * Queues a mail for delivery and resolves once it is queued, before any delivery is tried; rejects
   * only when it cannot be queued. Delivery, its retries and their failures come later and are the
   * adapter's to log: a slow or broken mail server must never hold up or fail a request.
   */
  send(mail: TokenMail): Promise<void>;
}
