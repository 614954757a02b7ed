import type { TransactionalRepositories, UnitOfWork } from '../../application/shared/unit-of-work.js';

/**
 * Runs the work on the in-memory repositories one unit at a time, which gives the same
 * serialisation a row lock gives in PostgreSQL. Writes made before a failure are not undone:
 * unit tests that need atomicity run against the pg adapter.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly repos: TransactionalRepositories) {}

  run<T>(work: (tx: TransactionalRepositories) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => work(this.repos));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
