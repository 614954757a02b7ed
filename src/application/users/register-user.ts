import { Email } from '../../domain/users/email.js';
import { User } from '../../domain/users/user.js';
import type { SendVerificationEmail } from '../accounts/send-verification-email.js';
import type { Clock } from '../shared/clock.js';
import type { NewPassword } from './new-password.js';
import type { UserRepository } from './ports/user-repository.js';

export interface RegisterUserCommand {
  email: string;
  password: string;
  fullName: string | null;
  isAdmin?: boolean;
  /** A trusted caller (seeding, CLI) vouching for the address: no verification mail. */
  isVerified?: boolean;
}

export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly newPassword: NewPassword,
    private readonly clock: Clock,
    private readonly sendVerification: SendVerificationEmail,
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
      ...(cmd.isVerified === undefined ? {} : { isVerified: cmd.isVerified }),
    });
    const user = await this.users.insert(draft);
    await this.sendVerification.execute(user);
    return user;
  }
}
