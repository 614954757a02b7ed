import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './infrastructure/config/env.js';
import { TOKENS } from './infrastructure/container/tokens.js';
import { createLogger } from './infrastructure/logging/logger.js';
import { startRuntime } from './infrastructure/runtime.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  if (config.secretGenerated) {
    logger.warn('SECRET_KEY is missing or weak: using a random key for this process; tokens will not survive a restart');
  }
  const runtime = await startRuntime(config, logger);
  const app = runtime.container.get(TOKENS.App);
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, docs: `http://localhost:${config.PORT}/docs` }, 'listening');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void runtime.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'error while closing');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => { stop('SIGTERM'); });
  process.on('SIGINT', () => { stop('SIGINT'); });
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
