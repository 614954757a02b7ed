import type { User } from '../../domain/users/user.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { TooManyAttemptsError } from '../users/errors.js';
import type { SendVerificationEmail } from './send-verification-email.js';

/** A signed-in user asking for another verification link; limited per account, as every mail costs. */
export class ResendVerification {
  constructor(
    private readonly sendVerification: SendVerificationEmail,
    private readonly perAccount: RateLimiter,
  ) {}

  async execute(user: User): Promise<void> {
    if (user.isVerified) return;
    const retryAfter = await this.perAccount.consume(String(user.id));
    if (retryAfter !== null) throw new TooManyAttemptsError(retryAfter);
    await this.sendVerification.execute(user);
  }
}
