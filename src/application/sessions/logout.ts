import type { Clock } from '../shared/clock.js';
import type { TokenService } from '../users/ports/token-service.js';
import type { Principal } from '../users/authenticate.js';
import type { SessionRepository } from './ports/session-repository.js';

/** Ends the caller's current session, and the one a presented refresh token belongs to, if it is his. */
export class Logout {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, refreshToken?: string): Promise<void> {
    const now = this.clock.now();
    await this.sessions.revoke(principal.sessionId, principal.user.id, now, 'logout');
    if (refreshToken === undefined) return;
    // An invalid or foreign refresh token is ignored: logging out must not fail.
    const claims = await this.tokens.verifyRefresh(refreshToken).catch(() => null);
    if (claims && claims.userId === principal.user.id && claims.sessionId !== principal.sessionId) {
      await this.sessions.revoke(claims.sessionId, principal.user.id, now, 'logout');
    }
  }
}
