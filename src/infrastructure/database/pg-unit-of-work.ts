import type pg from 'pg';
import type { TransactionalRepositories, UnitOfWork } from '../../application/shared/unit-of-work.js';
import { PgUserTokenRepository } from '../accounts/pg-user-token-repository.js';
import { PgSessionRepository, type PgSessionRepositoryOptions } from '../sessions/pg-session-repository.js';
import { PgUserRepository } from '../users/pg-user-repository.js';

/**
 * One checked-out client per unit of work: BEGIN, repositories bound to that client, COMMIT or
 * ROLLBACK. Never pool.query inside: on PGlite (one shared session) that would wait on this very
 * transaction forever.
 */
export class PgUnitOfWork implements UnitOfWork {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sessionOptions: PgSessionRepositoryOptions,
  ) {}

  async run<T>(work: (tx: TransactionalRepositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work({
        users: new PgUserRepository(client),
        sessions: new PgSessionRepository(client, this.sessionOptions),
        userTokens: new PgUserTokenRepository(client),
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        // A client that cannot roll back is in an unknown state: discard it rather than reuse it.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed');
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
