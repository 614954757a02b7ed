import { Email } from '../../domain/users/email.js';
import { EmailTakenError } from '../../domain/users/errors.js';
import type { User } from '../../domain/users/user.js';
import type { Clock } from '../shared/clock.js';
import type { RegisterUser } from './register-user.js';
import type { UserRepository } from './ports/user-repository.js';

export type EnsureAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Seeds an admin idempotently (start-up and CLI). An existing account keeps its password: re-running
 * the seed with a changed FIRST_ADMIN_PASSWORD must not silently reset a password someone chose. The
 * operator vouches for the address, so the admin is verified: with REQUIRE_EMAIL_VERIFICATION on, a
 * seeded admin must still be able to log in.
 */
export class EnsureAdmin {
  constructor(
    private readonly users: UserRepository,
    private readonly registerUser: RegisterUser,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { email: string; password: string }): Promise<{ user: User; outcome: EnsureAdminOutcome }> {
    const existing = await this.users.findByEmail(Email.parse(cmd.email));
    if (existing) return this.promote(existing);
    try {
      const user = await this.registerUser.execute({ ...cmd, fullName: null, isAdmin: true, isVerified: true });
      return { user, outcome: 'created' };
    } catch (err) {
      // Another replica seeded it between our read and insert.
      if (!(err instanceof EmailTakenError)) throw err;
      const raced = await this.users.findByEmail(Email.parse(cmd.email));
      if (!raced) throw err;
      return this.promote(raced);
    }
  }

  private async promote(user: User): Promise<{ user: User; outcome: EnsureAdminOutcome }> {
    if (user.isAdmin && user.isActive && user.isVerified) return { user, outcome: 'unchanged' };
    const updated = await this.users.update(user.id, { isAdmin: true, isActive: true, isVerified: true }, this.clock.now());
    return { user: updated ?? user, outcome: 'promoted' };
  }
}
