import type { NewPassword } from '../users/new-password.js';
import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { InvalidResetTokenError } from './errors.js';
import type { SecretTokens } from './ports/secret-tokens.js';

/**
 * Sets a new password with a mailed reset token. Whoever held the account's sessions is locked out,
 * and the other reset links still in the inbox die with this one.
 */
export class ConfirmPasswordReset {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: SecretTokens,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { token: string; newPassword: string }): Promise<void> {
    // Checked and hashed before the token is spent, so a refused password leaves the link usable;
    // and before the transaction opens, which must not wait on ~20 ms of CPU.
    const passwordHash = await this.newPassword.hash(cmd.newPassword);
    const tokenHash = this.secrets.hash(cmd.token);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const userId = await tx.userTokens.consume('password_reset', tokenHash, now);
      if (userId === null) throw new InvalidResetTokenError();
      // The link reached the account's inbox, which proves the address as a verification link would.
      await tx.users.update(userId, { passwordHash, isVerified: true }, now);
      await tx.userTokens.revokeAll(userId, 'password_reset', now);
      await tx.sessions.revokeAllForUser(userId, now, 'password_reset');
    });
  }
}
