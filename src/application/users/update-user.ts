import { Email } from '../../domain/users/email.js';
import { UserNotFoundError } from '../../domain/users/errors.js';
import { parseFullName } from '../../domain/users/full-name.js';
import type { User, UserChanges } from '../../domain/users/user.js';
import type { SendVerificationEmail } from '../accounts/send-verification-email.js';
import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { NewPassword } from './new-password.js';

export interface UpdateUserCommand {
  actorId: number;
  userId: number;
  email?: string;
  fullName?: string | null;
  password?: string;
  isActive?: boolean;
  isAdmin?: boolean;
}

/**
 * An admin changing any account. A change of password, activity or role ends the user's sessions;
 * a new email is unverified and gets a verification mail.
 */
export class UpdateUser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
    private readonly sendVerification: SendVerificationEmail,
  ) {}

  async execute(cmd: UpdateUserCommand): Promise<User> {
    const email = cmd.email === undefined ? undefined : Email.parse(cmd.email);
    const changes: UserChanges = {};
    if (cmd.fullName !== undefined) changes.fullName = parseFullName(cmd.fullName);
    if (cmd.isActive !== undefined) changes.isActive = cmd.isActive;
    if (cmd.isAdmin !== undefined) changes.isAdmin = cmd.isAdmin;
    // Hashed before the transaction opens: a transaction must not wait on ~20 ms of CPU.
    if (cmd.password !== undefined) changes.passwordHash = await this.newPassword.hash(cmd.password);
    const endsSessions = cmd.password !== undefined || cmd.isActive !== undefined || cmd.isAdmin !== undefined;
    const now = this.clock.now();
    const updated = await this.uow.run(async (tx) => {
      const target = await tx.users.findById(cmd.userId);
      if (!target) throw new UserNotFoundError();
      target.assertAdminMayChange(cmd.actorId, changes);
      if (email) Object.assign(changes, target.changeEmail(email));
      const result = await tx.users.update(target.id, changes, now);
      if (!result) throw new UserNotFoundError();
      if (endsSessions) await tx.sessions.revokeAllForUser(target.id, now, 'account_changed');
      return result;
    });
    // After the commit: the token is issued for the address the account now has.
    if (changes.email) await this.sendVerification.execute(updated);
    return updated;
  }
}
