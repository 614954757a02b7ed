import type { TokenMail } from '../../application/accounts/ports/mail-sender.js';
import type { UserTokenPurpose } from '../../application/accounts/ports/user-token-repository.js';
import type { OutgoingMail } from './outgoing-mail.js';
import { emailVerificationMail } from './templates/email-verification.js';
import type { RenderedMail } from './templates/html.js';
import { passwordResetMail } from './templates/password-reset.js';

const PAGES: Record<UserTokenPurpose, { path: string; render: typeof passwordResetMail }> = {
  password_reset: { path: '/reset-password', render: passwordResetMail },
  email_verification: { path: '/verify-email', render: emailVerificationMail },
};

/** Renders a token mail: its link goes to the frontend page for the purpose, which posts the token back. */
export function composeTokenMail(mail: TokenMail, frontendUrl: string): OutgoingMail {
  const page = PAGES[mail.purpose];
  const link = `${frontendUrl}${page.path}?token=${encodeURIComponent(mail.token)}`;
  const rendered: RenderedMail = page.render({ email: mail.to.value, link, expiresAt: mail.expiresAt });
  return { purpose: mail.purpose, to: mail.to.value, link, ...rendered };
}
