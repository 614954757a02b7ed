import { Email } from '../../domain/users/email.js';
import { User } from '../../domain/users/user.js';
import type { Clock } from '../shared/clock.js';
import type { NewPassword } from './new-password.js';
import type { UserRepository } from './ports/user-repository.js';

export interface RegisterUserCommand {
  email: string;
  password: string;
  fullName: string | null;
  isAdmin?: boolean;
}

export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: RegisterUserCommand): Promise<User> {
    const email = Email.parse(cmd.email);
    const passwordHash = await this.newPassword.hash(cmd.password);
    const draft = User.register({
      email,
      passwordHash,
      fullName: cmd.fullName,
      at: this.clock.now(),
      ...(cmd.isAdmin === undefined ? {} : { isAdmin: cmd.isAdmin }),
    });
    return this.users.insert(draft);
  }
}
