import { ConfirmPasswordReset } from '../../../src/application/accounts/confirm-password-reset.js';
import type { MailSender, TokenMail } from '../../../src/application/accounts/ports/mail-sender.js';
import type { SecretToken, SecretTokens } from '../../../src/application/accounts/ports/secret-tokens.js';
import { RequestPasswordReset } from '../../../src/application/accounts/request-password-reset.js';
import { ResendVerification } from '../../../src/application/accounts/resend-verification.js';
import { SendVerificationEmail } from '../../../src/application/accounts/send-verification-email.js';
import { TokenMailer } from '../../../src/application/accounts/token-mailer.js';
import { VerifyEmail } from '../../../src/application/accounts/verify-email.js';
import type { BackgroundWork } from '../../../src/application/shared/background-work.js';
import type { Clock } from '../../../src/application/shared/clock.js';
import type { RateLimiter } from '../../../src/application/shared/rate-limiter.js';
import { NewPassword } from '../../../src/application/users/new-password.js';
import type { PasswordHasher } from '../../../src/application/users/ports/password-hasher.js';
import { RegisterUser } from '../../../src/application/users/register-user.js';
import { InMemoryUserTokenRepository } from '../../../src/infrastructure/accounts/in-memory-user-token-repository.js';
import { InMemoryUnitOfWork } from '../../../src/infrastructure/database/in-memory-unit-of-work.js';
import { InMemorySessionRepository } from '../../../src/infrastructure/sessions/in-memory-session-repository.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';

/** A clock that moves only when a test moves it. */
export class FixedClock implements Clock {
  private current = new Date('2030-01-01T00:00:00.000Z');

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records what it is given, as a mail catcher would. */
export class RecordingMailSender implements MailSender {
  readonly sent: TokenMail[] = [];

  send(mail: TokenMail): Promise<void> {
    this.sent.push(mail);
    return Promise.resolve();
  }

  last(): TokenMail {
    const mail = this.sent.at(-1);
    if (!mail) throw new Error('no mail was sent');
    return mail;
  }
}

/** Readable tokens ("token-1", ...) stored as "hashed:token-1". */
export class SerialSecretTokens implements SecretTokens {
  private serial = 0;

  generate(): SecretToken {
    const token = `token-${++this.serial}`;
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return `hashed:${token}`;
  }
}

/** "plain:" + password; never needs a rehash. */
export class PlainHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return Promise.resolve(`plain:${password}`);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return Promise.resolve(hash === `plain:${password}`);
  }

  needsRehash(): boolean {
    return false;
  }
}

/** Holds background work until the test flushes it, to show what a caller gets before it runs. */
export class DeferredWork implements BackgroundWork {
  private queued: { name: string; work: () => Promise<void> }[] = [];

  run(name: string, work: () => Promise<void>): void {
    this.queued.push({ name, work });
  }

  get names(): string[] {
    return this.queued.map((q) => q.name);
  }

  /** Runs what was queued, in order; a failure fails the test. */
  async flush(): Promise<void> {
    const queued = this.queued;
    this.queued = [];
    for (const { work } of queued) await work();
  }
}

/** Allows `points` attempts per key, then asks to wait a minute. */
export class CountingLimiter implements RateLimiter {
  private readonly used = new Map<string, number>();

  constructor(private readonly points = Number.MAX_SAFE_INTEGER) {}

  consume(key: string): Promise<number | null> {
    const n = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, n);
    return Promise.resolve(n > this.points ? 60 : null);
  }
}

export const RESET_SECONDS = 30 * 60;
export const VERIFY_SECONDS = 48 * 3600;
export const PASSWORD = 'correct-horse-battery';

/** The accounts use cases wired to in-memory adapters, as the container wires them to real ones. */
export function accountsWorld(limits: { perAddress?: RateLimiter; perAccount?: RateLimiter } = {}) {
  const clock = new FixedClock();
  const users = new InMemoryUserRepository();
  const sessions = new InMemorySessionRepository(users);
  const userTokens = new InMemoryUserTokenRepository(users);
  const uow = new InMemoryUnitOfWork({ users, sessions, userTokens });
  const secrets = new SerialSecretTokens();
  const mail = new RecordingMailSender();
  const newPassword = new NewPassword(new PlainHasher(), { isCommon: (p) => p === 'password123' });
  const mailer = new TokenMailer(userTokens, secrets, mail, clock, { password_reset: RESET_SECONDS, email_verification: VERIFY_SECONDS });
  const sendVerification = new SendVerificationEmail(mailer);
  const background = new DeferredWork();
  return {
    clock, users, sessions, uow, mail, newPassword, sendVerification, background,
    registerUser: new RegisterUser(users, newPassword, clock, sendVerification),
    requestPasswordReset: new RequestPasswordReset(mailer, limits.perAddress ?? new CountingLimiter(), background),
    confirmPasswordReset: new ConfirmPasswordReset(uow, secrets, newPassword, clock),
    verifyEmail: new VerifyEmail(uow, secrets, clock),
    resendVerification: new ResendVerification(sendVerification, limits.perAccount ?? new CountingLimiter()),
  };
}

export type AccountsWorld = ReturnType<typeof accountsWorld>;

let serial = 0;
export const freshEmail = (prefix = 'user'): string => `${prefix}-${++serial}@example.com`;
