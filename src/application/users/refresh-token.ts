import type { Clock } from '../shared/clock.js';
import type { TransactionalRepositories, UnitOfWork } from '../shared/unit-of-work.js';
import { InvalidTokenError } from './errors.js';
import type { RefreshClaims, TokenPair, TokenService } from './ports/token-service.js';

const REUSE = Symbol('reuse');

/**
 * Rotation with reuse detection (RFC 9700 §4.14.2): each refresh token works once and is replaced.
 * Presenting a used token again means two parties hold it, so the whole session is revoked — except
 * within a short grace window, where a client's own double-submit (a retry after a lost response,
 * two tabs) gets the same successor pair instead of burning the session.
 */
export class RefreshToken {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly graceSeconds: number,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    const now = this.clock.now();
    const outcome = await this.uow.run((tx) => this.settle(tx, claims, now));
    // The revocation must commit, so the refusal is thrown only after the unit of work.
    if (outcome === REUSE) throw new InvalidTokenError('Refresh token reuse detected; the session has been revoked.');
    return outcome;
  }

  /** Runs under the token's row lock: concurrent presentations of one token are decided one by one. */
  private async settle(tx: TransactionalRepositories, claims: RefreshClaims, now: Date): Promise<TokenPair | typeof REUSE> {
    const record = await tx.sessions.lockRefreshToken(claims.fingerprint);
    if (!record || record.sessionId !== claims.sessionId) throw new InvalidTokenError();
    if (!(await tx.sessions.findActiveUser(claims.sessionId, claims.userId, now))) throw new InvalidTokenError();
    if (record.usedAt === null) return this.rotate(tx, claims, now);
    // Same seed and time as the first rotation: the very same pair, nothing new stored.
    if (now.getTime() - record.usedAt.getTime() <= this.graceSeconds * 1000) return this.issue(claims, record.usedAt);
    await tx.sessions.revoke(claims.sessionId, claims.userId, now, 'refresh_token_reuse');
    return REUSE;
  }

  private async rotate(tx: TransactionalRepositories, claims: RefreshClaims, now: Date): Promise<TokenPair> {
    const pair = await this.issue(claims, now);
    await tx.sessions.markRefreshTokenUsed(claims.fingerprint, now);
    await tx.sessions.addRefreshToken({
      fingerprint: pair.refreshFingerprint,
      sessionId: claims.sessionId,
      createdAt: now,
      expiresAt: pair.refreshExpiresAt,
    });
    await tx.sessions.touch(claims.sessionId, now, pair.refreshExpiresAt);
    await tx.sessions.deleteExpiredRefreshTokens(claims.sessionId, now);
    return pair;
  }

  private issue(claims: RefreshClaims, issuedAt: Date): Promise<TokenPair> {
    return this.tokens.issuePair({ userId: claims.userId, sessionId: claims.sessionId }, claims.jti, issuedAt);
  }
}
