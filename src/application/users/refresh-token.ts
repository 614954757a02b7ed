import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
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
    const outcome = await this.uow.run(async (tx): Promise<TokenPair | typeof REUSE> => {
      const record = await tx.sessions.lockRefreshToken(claims.fingerprint);
      if (!record || record.sessionId !== claims.sessionId) throw new InvalidTokenError();
      const user = await tx.sessions.findActiveUser(claims.sessionId, claims.userId, now);
      if (!user) throw new InvalidTokenError();
      if (record.usedAt === null) {
        const pair = await this.rotate(claims, now);
        await tx.sessions.markRefreshTokenUsed(claims.fingerprint, now);
        await tx.sessions.addRefreshToken({
          fingerprint: pair.refreshFingerprint,
          sessionId: claims.sessionId,
          createdAt: now,
          expiresAt: pair.refreshExpiresAt,
        });
        await tx.sessions.touch(claims.sessionId, now, pair.refreshExpiresAt);
        return pair;
      }
      if (now.getTime() - record.usedAt.getTime() <= this.graceSeconds * 1000) {
        // Same seed and time as the first rotation: the very same pair, nothing new stored.
        return this.rotate(claims, record.usedAt);
      }
      await tx.sessions.revoke(claims.sessionId, claims.userId, now, 'refresh_token_reuse');
      return REUSE;
    });
    // The revocation above must commit, so the refusal is thrown only after the unit of work.
    if (outcome === REUSE) throw new InvalidTokenError('Refresh token reuse detected; the session has been revoked.');
    return outcome;
  }

  private rotate(claims: RefreshClaims, issuedAt: Date): Promise<TokenPair> {
    return this.tokens.issuePair({ userId: claims.userId, sessionId: claims.sessionId }, claims.jti, issuedAt);
  }
}
