import { Email } from '../../domain/users/email.js';
import { UserNotFoundError } from '../../domain/users/errors.js';
import { parseFullName } from '../../domain/users/full-name.js';
import { PasswordPolicy } from '../../domain/users/password-policy.js';
import type { User, UserChanges } from '../../domain/users/user.js';
import type { Clock } from '../shared/clock.js';
import type { PasswordHasher } from './ports/password-hasher.js';
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

/** An admin changing any account. */
export class UpdateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: UpdateUserCommand): Promise<User> {
    const target = await this.users.findById(cmd.userId);
    if (!target) throw new UserNotFoundError();
    const changes: UserChanges = {};
    if (cmd.email !== undefined) changes.email = Email.parse(cmd.email);
    if (cmd.fullName !== undefined) changes.fullName = parseFullName(cmd.fullName);
    if (cmd.isActive !== undefined) changes.isActive = cmd.isActive;
    if (cmd.isAdmin !== undefined) changes.isAdmin = cmd.isAdmin;
    target.assertAdminMayChange(cmd.actorId, changes);
    if (cmd.password !== undefined) {
      PasswordPolicy.check(cmd.password);
      changes.passwordHash = await this.hasher.hash(cmd.password);
    }
    const updated = await this.users.update(target.id, changes, this.clock.now());
    if (!updated) throw new UserNotFoundError();
    return updated;
  }
}
