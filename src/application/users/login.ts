import { Email } from '../../domain/users/email.js';
import { InvalidEmailError } from '../../domain/users/errors.js';
import type { User } from '../../domain/users/user.js';
import { EmailNotVerifiedError, InactiveUserError, InvalidCredentialsError } from './errors.js';
import type { PasswordCheck } from './password-check.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { TokenPair } from './ports/token-service.js';
import type { UserRepository } from './ports/user-repository.js';
import type { StartSession } from './start-session.js';

export interface LoginCommand {
  email: string;
  password: string;
  userAgent: string | null;
  ip: string | null;
}

export class Login {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly passwordCheck: PasswordCheck,
    private readonly startSession: StartSession,
    private readonly requireVerifiedEmail: boolean,
  ) {}

  async execute(cmd: LoginCommand): Promise<TokenPair> {
    const user = await this.findUser(cmd.email);
    const valid = await this.passwordCheck.verify(cmd.email, user?.passwordHash ?? null, cmd.password);
    if (!user || !valid) throw new InvalidCredentialsError();
    // Told only to someone who proved the password: it leaks nothing to a guesser.
    if (!user.isActive) throw new InactiveUserError();
    if (this.requireVerifiedEmail && !user.isVerified) throw new EmailNotVerifiedError();
    await this.upgradeHash(user, cmd.password);
    return this.startSession.execute(user.id, { userAgent: cmd.userAgent, ip: cmd.ip });
  }

  private async findUser(rawEmail: string): Promise<User | null> {
    let email: Email;
    try {
      email = Email.parse(rawEmail);
    } catch (err) {
      if (err instanceof InvalidEmailError) return null; // a malformed email is just another unknown account
      throw err;
    }
    return this.users.findByEmail(email);
  }

  /**
   * Hashes made with older parameters are replaced while the plain password is at hand; only if the
   * hash is still the one just verified, so a password changed meanwhile is never put back.
   */
  private async upgradeHash(user: User, password: string): Promise<void> {
    if (!this.hasher.needsRehash(user.passwordHash)) return;
    await this.users.replacePasswordHash(user.id, user.passwordHash, await this.hasher.hash(password));
  }
}
