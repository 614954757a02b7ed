import { Email } from '../../domain/users/email.js';
import { InvalidEmailError } from '../../domain/users/errors.js';
import type { User } from '../../domain/users/user.js';
import { InactiveUserError, InvalidCredentialsError } from './errors.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { TokenPair, TokenService } from './ports/token-service.js';
import type { UserRepository } from './ports/user-repository.js';

export class Login {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async execute(cmd: { email: string; password: string }): Promise<TokenPair> {
    const user = await this.findUser(cmd.email);
    // An unknown email still costs one hash verification, so response time does not reveal
    // which accounts exist.
    const hash = user?.passwordHash ?? (await this.dummy());
    const valid = await this.hasher.verify(hash, cmd.password);
    if (!user || !valid) throw new InvalidCredentialsError();
    // Told only to someone who proved the password: it leaks nothing to a guesser.
    if (!user.isActive) throw new InactiveUserError();
    return this.tokens.issuePair(user.id);
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

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy-password-for-timing-equalisation');
    return this.dummyHash;
  }
}
