import { configDefaults, defineConfig } from 'vitest/config';
import { databaseServerAvailable } from './test/support/database-choice.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Minutes long; run with `npm run test:resilience` (vitest.resilience.config.ts).
    exclude: [...configDefaults.exclude, 'test/resilience/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Argon2 hashing is CPU-bound; two cores make more workers slower, not faster. Without a PostgreSQL
    // server every file shares the embedded database's one session, and two files at once starve each
    // other into pool timeouts (503s): one at a time.
    maxWorkers: databaseServerAvailable() ? 2 : 1,
  },
});
