import type { Clock } from '../shared/clock.js';
import type { SessionRepository } from '../sessions/ports/session-repository.js';
import type { TokenPair, TokenService } from './ports/token-service.js';

/**
 * Opens a session (a refresh-token family) and issues its first pair. The session's id is chosen first,
 * so the pair is signed before anything is written and the write is a single statement: no
 * transaction waits on signing, which shares the thread pool with Argon2 during a login burst.
 */
export class StartSession {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly refreshTtlSeconds: number,
  ) {}

  async execute(userId: number, client: { userAgent: string | null; ip: string | null }): Promise<TokenPair> {
    const now = this.clock.now();
    const ttlMs = this.refreshTtlSeconds * 1000;
    const sessionId = this.sessions.nextId();
    const pair = await this.tokens.issuePair({ userId, sessionId }, this.tokens.newSeed(), now);
    await this.sessions.open(
      { id: sessionId, userId, createdAt: now, lastUsedAt: now, expiresAt: new Date(now.getTime() + ttlMs), userAgent: client.userAgent, ip: client.ip },
      { fingerprint: pair.refreshFingerprint, sessionId, createdAt: now, expiresAt: pair.refreshExpiresAt },
    );
    return pair;
  }
}
