import { Email } from '../../domain/users/email.js';
import { UserNotFoundError } from '../../domain/users/errors.js';
import { parseFullName } from '../../domain/users/full-name.js';
import type { User, UserChanges } from '../../domain/users/user.js';
import type { SendVerificationEmail } from '../accounts/send-verification-email.js';
import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { NewPassword } from './new-password.js';
import type { UserRepository } from './ports/user-repository.js';

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
 * An admin changing any account. A new password, or a change of activity or role, ends the user's
 * sessions; restating a flag's current value (a form that sends every field) does not. A new email
 * is unverified and gets a verification mail.
 */
export class UpdateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly uow: UnitOfWork,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
    private readonly sendVerification: SendVerificationEmail,
  ) {}

  async execute(cmd: UpdateUserCommand): Promise<User> {
    const target = await this.users.findById(cmd.userId);
    if (!target) throw new UserNotFoundError();
    const changes = parseChanges(cmd, target);
    target.assertAdminMayChange(cmd.actorId, changes);
    // Hashed only once the rules allow the change, and before the transaction opens: a transaction
    // must not wait on ~20 ms of CPU.
    if (cmd.password !== undefined) changes.passwordHash = await this.newPassword.hash(cmd.password);
    const now = this.clock.now();
    const result = await this.uow.run(async (tx) => {
      const updated = await tx.users.update(target.id, changes, now);
      if (!updated) throw new UserNotFoundError();
      const endsSessions =
        cmd.password !== undefined || updated.isActive !== target.isActive || updated.isAdmin !== target.isAdmin;
      if (endsSessions) await tx.sessions.revokeAllForUser(target.id, now, 'account_changed');
      return updated;
    });
    // After the commit: the token is issued for the address the account now has.
    if (changes.email) await this.sendVerification.execute(result);
    return result;
  }
}

function parseChanges(cmd: UpdateUserCommand, target: User): UserChanges {
  const changes: UserChanges = cmd.email === undefined ? {} : target.changeEmail(Email.parse(cmd.email));
  if (cmd.fullName !== undefined) changes.fullName = parseFullName(cmd.fullName);
  if (cmd.isActive !== undefined) changes.isActive = cmd.isActive;
  if (cmd.isAdmin !== undefined) changes.isAdmin = cmd.isAdmin;
  return changes;
}
