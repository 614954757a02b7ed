import { Email } from '../../domain/users/email.js';
import type { BackgroundWork } from '../shared/background-work.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import type { TokenMailer } from './token-mailer.js';

/**
 * "Forgot password": mails a reset link when an active account has the address. The caller learns
 * nothing either way: the answer is the same, and the lookup, the token and the mail all happen
 * after it, in the background, so its time cannot depend on the account either (measured: storing
 * the token in the request made a known address ~2 ms slower, the commit's WAL flush). Past the
 * per-address limit nothing is sent, silently: a flood of requests cannot fill a victim's inbox,
 * and the answer still does not change.
 */
export class RequestPasswordReset {
  constructor(
    private readonly mailer: TokenMailer,
    private readonly perAddress: RateLimiter,
    private readonly background: BackgroundWork,
  ) {}

  async execute(rawEmail: string): Promise<void> {
    const email = Email.parse(rawEmail);
    // Keyed by the address whether or not it has an account, so the limit reveals nothing either.
    if ((await this.perAddress.consume(email.value)) !== null) return;
    this.background.run('password reset mail', () => this.mailer.send('password_reset', email));
  }
}
