import type pg from 'pg';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The registry behind GET /metrics: process and Node.js runtime metrics plus the pg pool's state, read
 * at scrape time. One per container, never prom-client's global one, so tests can build several apps.
 */
export function createMetricsRegistry(pool: pg.Pool): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const poolGauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  poolGauge('pg_pool_clients', 'Connections the pool holds, idle or checked out.', () => pool.totalCount);
  poolGauge('pg_pool_idle_clients', 'Connections idle in the pool.', () => pool.idleCount);
  // Above zero for long means DB_POOL_MAX is too small for the load, or queries are too slow.
  poolGauge('pg_pool_waiting_requests', 'Queries queued for a free connection.', () => pool.waitingCount);
  return registry;
}
