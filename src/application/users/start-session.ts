import type { Clock } from '../shared/clock.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { TokenPair, TokenService } from './ports/token-service.js';

/**
 * Opens a session (a refresh-token family) and issues its first pair, atomically. Sessions of the user
 * that ended more than one refresh lifetime ago are deleted on the way, so the table stays bounded.
 */
export class StartSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly refreshTtlSeconds: number,
  ) {}

  execute(userId: number, client: { userAgent: string | null; ip: string | null }): Promise<TokenPair> {
    const now = this.clock.now();
    const ttlMs = this.refreshTtlSeconds * 1000;
    return this.uow.run(async (tx) => {
      await tx.sessions.deleteEnded(userId, new Date(now.getTime() - ttlMs));
      const session = await tx.sessions.create({
        userId,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
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
