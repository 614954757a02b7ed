import type { User } from '../../domain/users/user.js';
import type { SessionRepository } from '../sessions/ports/session-repository.js';
import type { Clock } from '../shared/clock.js';
import { InvalidTokenError } from './errors.js';
import type { TokenService } from './ports/token-service.js';

export interface Principal {
  user: User;
  sessionId: string;
}

/**
 * Resolves an access token to its active user and live session. The session is read on every
 * request (one primary-key join), so logout, revocation, a password change or a deactivation
 * take effect at once instead of at token expiry.
 */
export class Authenticate {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async execute(accessToken: string): Promise<Principal> {
    const { userId, sessionId } = await this.tokens.verifyAccess(accessToken);
    const user = await this.sessions.findActiveUser(sessionId, userId, this.clock.now());
    if (!user) throw new InvalidTokenError();
    return { user, sessionId };
  }
}
