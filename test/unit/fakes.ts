import type { Clock } from '../../src/application/shared/clock.js';
import { InvalidTokenError } from '../../src/application/users/errors.js';
import type { PasswordHasher } from '../../src/application/users/ports/password-hasher.js';
import type { TokenClaims, TokenPair, TokenService } from '../../src/application/users/ports/token-service.js';
import { Email } from '../../src/domain/users/email.js';
import { type NewUser, User } from '../../src/domain/users/user.js';
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

/** A readable, countable hasher: "hashed:" + password. */
export class FakePasswordHasher implements PasswordHasher {
  readonly hashed: string[] = [];
  readonly verified: { hash: string; password: string }[] = [];

  hash(password: string): Promise<string> {
    this.hashed.push(password);
    return Promise.resolve(`hashed:${password}`);
  }

  verify(hash: string, password: string): Promise<boolean> {
    this.verified.push({ hash, password });
    return Promise.resolve(hash === `hashed:${password}`);
  }
}

/** Tokens of the form "<typ>:<userId>:<serial>"; anything else is refused like a bad JWT. */
export class FakeTokenService implements TokenService {
  readonly issuedFor: number[] = [];
  private serial = 0;

  issuePair(userId: number): Promise<TokenPair> {
    this.issuedFor.push(userId);
    this.serial += 1;
    return Promise.resolve({
      accessToken: `access:${userId}:${this.serial}`,
      refreshToken: `refresh:${userId}:${this.serial}`,
      expiresIn: 1800,
    });
  }

  verifyAccess(token: string): Promise<TokenClaims> {
    return this.verify(token, 'access');
  }

  verifyRefresh(token: string): Promise<TokenClaims> {
    return this.verify(token, 'refresh');
  }

  private verify(token: string, typ: 'access' | 'refresh'): Promise<TokenClaims> {
    const [kind, id] = token.split(':');
    const userId = Number(id);
    if (kind !== typ || !Number.isSafeInteger(userId) || userId <= 0) {
      return Promise.reject(new InvalidTokenError());
    }
    return Promise.resolve({ userId });
  }
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
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export const PASSWORD = 'correct-horse-battery';

/** Stores a user directly, hashed the way FakePasswordHasher hashes, bypassing every use case. */
export function seedUser(
  repo: InMemoryUserRepository,
  opts: { email: string; password?: string; fullName?: string | null; isActive?: boolean; isAdmin?: boolean; at?: Date },
): Promise<User> {
  const draft = User.register({
    email: Email.parse(opts.email),
    passwordHash: `hashed:${opts.password ?? PASSWORD}`,
    fullName: opts.fullName ?? null,
    isAdmin: opts.isAdmin ?? false,
    at: opts.at ?? new Date('2029-06-01T00:00:00.000Z'),
  });
  return repo.insert({ ...draft, isActive: opts.isActive ?? true });
}
