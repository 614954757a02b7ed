import type { UserTokenPurpose } from '../../application/accounts/ports/user-token-repository.js';

/** A rendered mail, ready for a transport. */
export interface OutgoingMail {
  purpose: UserTokenPurpose;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries, kept apart so that a log line can show it or leave it out. */
  link: string;
}

/** How rendered mail leaves the process: SMTP, or the log. Throws when delivery failed. */
export interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}
