import type { Session } from '../../domain/sessions/session.js';
import type { Clock } from '../shared/clock.js';
import type { SessionRepository } from './ports/session-repository.js';

export class ListSessions {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  execute(userId: number): Promise<Session[]> {
    return this.sessions.listActive(userId, this.clock.now());
  }
}
