import type { Email } from '../../domain/users/email.js';
import type { Clock } from '../shared/clock.js';
import type { MailSender } from './ports/mail-sender.js';
import type { SecretTokens } from './ports/secret-tokens.js';
import type { UserTokenPurpose, UserTokenRepository } from './ports/user-token-repository.js';

/**
 * Issues a one-time token for the active account at an address and mails it there; does nothing
 * when no active account has the address. The same work runs up to the store either way.
 */
export class TokenMailer {
  constructor(
    private readonly tokens: UserTokenRepository,
    private readonly secrets: SecretTokens,
    private readonly mail: MailSender,
    private readonly clock: Clock,
    private readonly lifetimeSeconds: Record<UserTokenPurpose, number>,
  ) {}

  async send(purpose: UserTokenPurpose, email: Email): Promise<void> {
    const { token, hash } = this.secrets.generate();
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + this.lifetimeSeconds[purpose] * 1000);
    const issued = await this.tokens.issue({ purpose, email, tokenHash: hash, createdAt, expiresAt });
    if (issued) await this.mail.send({ purpose, to: email, token, expiresAt });
  }
}
