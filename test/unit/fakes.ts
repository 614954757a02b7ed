import { createHash } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { MailSender, TokenMail } from '../../src/application/accounts/ports/mail-sender.js';
import { SendVerificationEmail } from '../../src/application/accounts/send-verification-email.js';
import { TokenMailer } from '../../src/application/accounts/token-mailer.js';
import type { Clock } from '../../src/application/shared/clock.js';
import { Authenticate } from '../../src/application/users/authenticate.js';
import { InvalidTokenError } from '../../src/application/users/errors.js';
import { StartSession } from '../../src/application/users/start-session.js';
import { NewPassword } from '../../src/application/users/new-password.js';
import type { PasswordBlocklist } from '../../src/application/users/ports/password-blocklist.js';
import type { PasswordHasher } from '../../src/application/users/ports/password-hasher.js';
import type {
  RefreshClaims,
  TokenPair,
  TokenService,
  TokenSubject,
} from '../../src/application/users/ports/token-service.js';
import type { NewSession, RefreshTokenRecord, Session } from '../../src/domain/sessions/session.js';
import { Email } from '../../src/domain/users/email.js';
import { type NewUser, User } from '../../src/domain/users/user.js';
import { InMemoryUserTokenRepository } from '../../src/infrastructure/accounts/in-memory-user-token-repository.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/database/in-memory-unit-of-work.js';
import { CryptoSecretTokens } from '../../src/infrastructure/security/crypto-secret-tokens.js';
import { FlexibleLoginThrottle, type LockoutPolicy } from '../../src/infrastructure/security/rate-limits.js';
import { InMemorySessionRepository } from '../../src/infrastructure/sessions/in-memory-session-repository.js';
import { InMemoryUserRepository } from '../../src/infrastructure/users/in-memory-user-repository.js';

/** A clock that moves only when a test moves it. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start = new Date('2030-01-01T00:00:00.000Z')) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A readable, countable hasher: "hashed:" + password. "legacy:" + password stands for a hash made
 * with older parameters: it verifies, and needs a rehash.
 */
export class FakePasswordHasher implements PasswordHasher {
  readonly hashed: string[] = [];
  readonly verified: { hash: string; password: string }[] = [];

  hash(password: string): Promise<string> {
    this.hashed.push(password);
    return Promise.resolve(`hashed:${password}`);
  }

  verify(hash: string, password: string): Promise<boolean> {
    this.verified.push({ hash, password });
    return Promise.resolve(hash === `hashed:${password}` || hash === `legacy:${password}`);
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith('hashed:');
  }
}

export const COMMON_PASSWORDS = ['password123', 'qwertyuiop'];

export class FakePasswordBlocklist implements PasswordBlocklist {
  isCommon(password: string): boolean {
    return COMMON_PASSWORDS.includes(password.toLowerCase());
  }
}

export const newPasswordGate = (hasher: PasswordHasher): NewPassword => new NewPassword(hasher, new FakePasswordBlocklist());

export const ACCESS_TTL_SECONDS = 1800;
export const REFRESH_TTL_SECONDS = 7 * 86_400;

/**
 * Readable tokens "typ|userId|sessionId|jti|issuedAtMs", deterministic in (subject, seed, issuedAt)
 * like the real service; anything else is refused like a bad JWT.
 */
export class FakeTokenService implements TokenService {
  readonly issuedFor: number[] = [];
  private seeds = 0;

  issuePair(subject: TokenSubject, seed: string, issuedAt: Date): Promise<TokenPair> {
    this.issuedFor.push(subject.userId);
    const at = issuedAt.getTime();
    const token = (typ: string) => [typ, subject.userId, subject.sessionId, `${seed}>${typ[0] ?? ''}`, at].join('|');
    const refreshToken = token('refresh');
    return Promise.resolve({
      accessToken: token('access'),
      refreshToken,
      expiresIn: ACCESS_TTL_SECONDS,
      refreshExpiresAt: new Date(at + REFRESH_TTL_SECONDS * 1000),
      refreshFingerprint: fakeFingerprint(refreshToken),
    });
  }

  newSeed(): string {
    this.seeds += 1;
    return `seed${this.seeds}`;
  }

  async verifyAccess(token: string): Promise<TokenSubject> {
    const { userId, sessionId } = await this.parse(token, 'access');
    return { userId, sessionId };
  }

  verifyRefresh(token: string): Promise<RefreshClaims> {
    return this.parse(token, 'refresh');
  }

  private parse(token: string, typ: 'access' | 'refresh'): Promise<RefreshClaims> {
    const [kind, id, sessionId, jti, at, ...rest] = token.split('|');
    const userId = Number(id);
    if (kind !== typ || !Number.isSafeInteger(userId) || userId <= 0 || !sessionId || !jti || !at || rest.length > 0) {
      return Promise.reject(new InvalidTokenError());
    }
    return Promise.resolve({ userId, sessionId, jti, fingerprint: fakeFingerprint(token) });
  }
}

export const fakeFingerprint = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Remembers every refresh token stored, to check what a rotation did or did not store. */
export class RecordingSessionRepository extends InMemorySessionRepository {
  readonly added: Omit<RefreshTokenRecord, 'usedAt'>[] = [];

  override addRefreshToken(record: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void> {
    this.added.push(record);
    return super.addRefreshToken(record);
  }

  override open(session: NewSession, firstToken: Omit<RefreshTokenRecord, 'usedAt'>): Promise<Session> {
    this.added.push(firstToken);
    return super.open(session, firstToken);
  }
}

/** Every in-memory adapter a session use case needs, wired to one another. */
export interface World {
  clock: FixedClock;
  users: InMemoryUserRepository;
  sessions: RecordingSessionRepository;
  userTokens: InMemoryUserTokenRepository;
  uow: InMemoryUnitOfWork;
  hasher: FakePasswordHasher;
  tokens: FakeTokenService;
  startSession: StartSession;
  authenticate: Authenticate;
  /** Verification mails of this world, kept in `mail.sent`. */
  sendVerification: SendVerificationEmail;
  mail: RecordingMailSender;
}

export function inMemoryWorld(): World {
  const clock = new FixedClock();
  const users = new InMemoryUserRepository();
  const sessions = new RecordingSessionRepository(users);
  const userTokens = new InMemoryUserTokenRepository(users);
  const uow = new InMemoryUnitOfWork({ users, sessions, userTokens });
  const tokens = new FakeTokenService();
  const startSession = new StartSession(sessions, tokens, clock, REFRESH_TTL_SECONDS);
  const authenticate = new Authenticate(sessions, tokens, clock);
  const { sendVerification, mail } = verificationMail(users, clock, userTokens);
  return { clock, users, sessions, userTokens, uow, hasher: new FakePasswordHasher(), tokens, startSession, authenticate, sendVerification, mail };
}

/** Records every mail it is given, as a mail catcher would. */
export class RecordingMailSender implements MailSender {
  readonly sent: TokenMail[] = [];

  send(mail: TokenMail): Promise<void> {
    this.sent.push(mail);
    return Promise.resolve();
  }
}

/** The real SendVerificationEmail on in-memory tokens, its mails recorded. */
export function verificationMail(
  users: InMemoryUserRepository,
  clock: Clock = new FixedClock(),
  userTokens = new InMemoryUserTokenRepository(users),
): { sendVerification: SendVerificationEmail; mail: RecordingMailSender } {
  const mail = new RecordingMailSender();
  const mailer = new TokenMailer(userTokens, new CryptoSecretTokens(), mail, clock, { password_reset: 1_800, email_verification: 172_800 });
  return { sendVerification: new SendVerificationEmail(mailer), mail };
}

/** Whether the pair's access token still authenticates (its session live, its user active). */
export const accessWorks = (world: World, pair: TokenPair): Promise<boolean> =>
  world.authenticate.execute(pair.accessToken).then(
    () => true,
    () => false,
  );

export const CLIENT = { userAgent: 'vitest', ip: '203.0.113.7' };

/** Logs a user in without the password step: a new session and its first pair. */
export function signIn(world: World, user: User): Promise<TokenPair> {
  return world.startSession.execute(user.id, CLIENT);
}

/** FlexibleLoginThrottle on in-process limiters, as the app builds it without Redis. */
export function memoryLoginThrottle(policy: LockoutPolicy, attempts = { points: 1_000_000, duration: 60 }): FlexibleLoginThrottle {
  return new FlexibleLoginThrottle(
    new RateLimiterMemory(attempts),
    new RateLimiterMemory({ points: policy.threshold, duration: 3_600 }),
    new RateLimiterMemory({ points: 1, duration: policy.maxSeconds }),
    policy,
  );
}

/** A store whose email lookups fail, as a database that went away would. */
export class UnreachableEmailLookupRepository extends InMemoryUserRepository {
  override findByEmail(): Promise<User | null> {
    return Promise.reject(new Error('connection refused'));
  }
}

/** Another replica inserts `rival` between our lookup and our first insert. */
export class RacingUserRepository extends InMemoryUserRepository {
  private raced = false;

  constructor(private readonly rival: NewUser) {
    super();
  }

  override async insert(user: NewUser): Promise<User> {
    if (!this.raced) {
      this.raced = true;
      await super.insert(this.rival);
    }
    return super.insert(user);
  }
}

/** The plain values of a user, for "nothing changed" comparisons. */
export function snapshot(user: User | null): Record<string, unknown> | null {
  if (!user) return null;
  return {
    id: user.id,
    email: user.email.value,
    fullName: user.fullName,
    passwordHash: user.passwordHash,
    isActive: user.isActive,
    isAdmin: user.isAdmin,
    isVerified: user.isVerified,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export const PASSWORD = 'correct-horse-battery';

/** Stores a user directly, hashed the way FakePasswordHasher hashes, bypassing every use case. */
export function seedUser(
  repo: InMemoryUserRepository,
  opts: {
    email: string;
    password?: string;
    passwordHash?: string;
    fullName?: string | null;
    isActive?: boolean;
    isAdmin?: boolean;
    isVerified?: boolean;
    at?: Date;
  },
): Promise<User> {
  const draft = User.register({
    email: Email.parse(opts.email),
    passwordHash: opts.passwordHash ?? `hashed:${opts.password ?? PASSWORD}`,
    fullName: opts.fullName ?? null,
    isAdmin: opts.isAdmin ?? false,
    isVerified: opts.isVerified ?? false,
    at: opts.at ?? new Date('2029-06-01T00:00:00.000Z'),
  });
  return repo.insert({ ...draft, isActive: opts.isActive ?? true });
}
