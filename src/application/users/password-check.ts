import type { LoginThrottle } from './ports/login-throttle.js';
import type { PasswordHasher } from './ports/password-hasher.js';

/**
 * Verifies a password someone types, under the per-account lockout. The login form and the
 * current-password check of a password change share one count, so a stolen access token cannot be
 * used to guess the password past the limit the login enforces.
 */
export class PasswordCheck {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Throws TooManyAttemptsError while the account is locked, without verifying anything. `hash` is
   * null for an account that does not exist: a dummy hash is verified instead, so the response
   * time does not reveal which accounts exist, and the failure counts all the same.
   */
  async verify(email: string, hash: string | null, password: string): Promise<boolean> {
    const accountKey = email.trim().toLowerCase();
    await this.throttle.assertAllowed(accountKey);
    const valid = (await this.hasher.verify(hash ?? (await this.dummy()), password)) && hash !== null;
    if (valid) await this.throttle.reset(accountKey);
    else await this.throttle.recordFailure(accountKey);
    return valid;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy-password-for-timing-equalisation');
    return this.dummyHash;
  }
}
