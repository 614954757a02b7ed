import { UserNotFoundError } from '../../domain/users/errors.js';
import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { Principal } from './authenticate.js';
import { InvalidCurrentPasswordError } from './errors.js';
import type { NewPassword } from './new-password.js';
import type { PasswordCheck } from './password-check.js';

/**
 * Changes the caller's password and ends every other session: whoever else held one is locked out.
 * Wrong current passwords count towards the account's login lockout.
 */
export class ChangePassword {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly passwordCheck: PasswordCheck,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, cmd: { currentPassword: string; newPassword: string }): Promise<void> {
    const { user, sessionId } = principal;
    const valid = await this.passwordCheck.verify(user.email.value, user.passwordHash, cmd.currentPassword);
    if (!valid) throw new InvalidCurrentPasswordError();
    const passwordHash = await this.newPassword.hash(cmd.newPassword);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      if (!(await tx.users.update(user.id, { passwordHash }, now))) throw new UserNotFoundError();
      await tx.sessions.revokeAllForUser(user.id, now, 'password_changed', sessionId);
    });
  }
}
