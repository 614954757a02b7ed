import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { InvalidVerificationTokenError } from './errors.js';
import type { SecretTokens } from './ports/secret-tokens.js';

/** Marks the address verified with a mailed token; a token mailed to a former address verifies nothing. */
export class VerifyEmail {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: SecretTokens,
    private readonly clock: Clock,
  ) {}

  async execute(token: string): Promise<void> {
    const tokenHash = this.secrets.hash(token);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const userId = await tx.userTokens.consume('email_verification', tokenHash, now);
      if (userId === null) throw new InvalidVerificationTokenError();
      await tx.users.update(userId, { isVerified: true }, now);
    });
  }
}
