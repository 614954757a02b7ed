import { Email } from '../../domain/users/email.js';
import { UserNotFoundError } from '../../domain/users/errors.js';
import { parseFullName } from '../../domain/users/full-name.js';
import type { User, UserChanges } from '../../domain/users/user.js';
import type { Clock } from '../shared/clock.js';
import type { UserRepository } from './ports/user-repository.js';

/** A user changing his own profile: only name and email, never flags or password. */
export class UpdateMe {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { userId: number; email?: string; fullName?: string | null }): Promise<User> {
    const changes: UserChanges = {};
    if (cmd.email !== undefined) changes.email = Email.parse(cmd.email);
    if (cmd.fullName !== undefined) changes.fullName = parseFullName(cmd.fullName);
    const updated = await this.users.update(cmd.userId, changes, this.clock.now());
    if (!updated) throw new UserNotFoundError();
    return updated;
  }
}
