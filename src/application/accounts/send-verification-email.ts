import type { User } from '../../domain/users/user.js';
import type { TokenMailer } from './token-mailer.js';

/** Mails a verification link to the user's address, unless it is proven already. */
export class SendVerificationEmail {
  constructor(private readonly mailer: TokenMailer) {}

  async execute(user: User): Promise<void> {
    if (user.isVerified) return;
    await this.mailer.send('email_verification', user.email);
  }
}
