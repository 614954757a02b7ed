import { Email } from '../../domain/users/email.js';
import { InvalidEmailError } from '../../domain/users/errors.js';
import type { User } from '../../domain/users/user.js';
import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { EmailNotVerifiedError, InactiveUserError, InvalidCredentialsError } from './errors.js';
import type { LoginThrottle } from './ports/login-throttle.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { TokenPair, TokenService } from './ports/token-service.js';
import type { UserRepository } from './ports/user-repository.js';

export interface LoginCommand {
  email: string;
  password: string;
  userAgent: string | null;
  ip: string | null;
}

export class Login {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly startSession: StartSession,
    private readonly requireVerifiedEmail: boolean,
  ) {}

  async execute(cmd: LoginCommand): Promise<TokenPair> {
    const accountKey = cmd.email.trim().toLowerCase();
    await this.throttle.assertAllowed(accountKey);
    const user = await this.findUser(cmd.email);
    // An unknown email still costs one hash verification, so response time does not reveal
    // which accounts exist.
    const hash = user?.passwordHash ?? (await this.dummy());
    const valid = await this.hasher.verify(hash, cmd.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(accountKey);
      throw new InvalidCredentialsError();
    }
    await this.throttle.reset(accountKey);
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

  /** Hashes made with older parameters are replaced while the plain password is at hand. */
  private async upgradeHash(user: User, password: string): Promise<void> {
    if (!this.hasher.needsRehash(user.passwordHash)) return;
    const passwordHash = await this.hasher.hash(password);
    await this.users.update(user.id, { passwordHash }, user.updatedAt);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy-password-for-timing-equalisation');
    return this.dummyHash;
  }
}

/** Opens a session (a refresh-token family) and issues its first pair, atomically. */
export class StartSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly refreshTtlSeconds: number,
  ) {}

  execute(userId: number, client: { userAgent: string | null; ip: string | null }): Promise<TokenPair> {
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      const session = await tx.sessions.create({
        userId,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + this.refreshTtlSeconds * 1000),
        userAgent: client.userAgent,
        ip: client.ip,
      });
      const pair = await this.tokens.issuePair({ userId, sessionId: session.id }, this.tokens.newSeed(), now);
      await tx.sessions.addRefreshToken({
        fingerprint: pair.refreshFingerprint,
        sessionId: session.id,
        createdAt: now,
        expiresAt: pair.refreshExpiresAt,
      });
      return pair;
    });
  }
}
