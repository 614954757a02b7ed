import { Email } from '../../domain/users/email.js';
import { UserNotFoundError } from '../../domain/users/errors.js';
import { parseFullName } from '../../domain/users/full-name.js';
import type { User } from '../../domain/users/user.js';
import type { SendVerificationEmail } from '../accounts/send-verification-email.js';
import type { Clock } from '../shared/clock.js';
import type { UserRepository } from './ports/user-repository.js';

/** A user changing his own profile: only name and email, never flags or password. */
export class UpdateMe {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly sendVerification: SendVerificationEmail,
  ) {}

  async execute(cmd: { userId: number; email?: string; fullName?: string | null }): Promise<User> {
    const email = cmd.email === undefined ? undefined : Email.parse(cmd.email);
    const fullName = cmd.fullName === undefined ? undefined : parseFullName(cmd.fullName);
    const current = await this.users.findById(cmd.userId);
    if (!current) throw new UserNotFoundError();
    const changes = email ? current.changeEmail(email) : {};
    if (fullName !== undefined) changes.fullName = fullName;
    const updated = await this.users.update(cmd.userId, changes, this.clock.now());
    if (!updated) throw new UserNotFoundError();
    if (changes.email) await this.sendVerification.execute(updated);
    return updated;
  }
}
