import { defineConfig } from 'vitest/config';

// `npm run test:resilience`: adversarial input, sustained load and a database restart. Slow by design
// (minutes), so it is kept out of the quick `npm test` run. See README "Resilience suite".
const durationSeconds = Number(process.env.RESILIENCE_DURATION_SECONDS ?? 300);

export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // One file at a time: the load and restart tests measure a server process on the same two cores,
    // and a parallel file would take their CPU and skew the figures.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: (durationSeconds + 180) * 1000,
    hookTimeout: 180_000,
  },
});
