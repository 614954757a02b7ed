import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './infrastructure/config/env.js';
import { TOKENS } from './infrastructure/container/tokens.js';
import { onStopSignals } from './infrastructure/lifecycle.js';
import { createLogger, wantsPrettyLogs } from './infrastructure/logging/logger.js';
import { startRuntime } from './infrastructure/runtime.js';
import { configureServer } from './interfaces/http/server.js';

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
  const logger = createLogger(config.LOG_LEVEL, { pretty: wantsPrettyLogs(config, process.stdout.isTTY) });
  if (config.secretGenerated) {
    logger.warn('SECRET_KEY is missing or weak: using a random key for this process; tokens will not survive a restart');
  }
  const runtime = await startRuntime(config, logger);
  const app = runtime.container.get(TOKENS.App);
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, docs: `http://localhost:${port}/docs` }, 'listening');
  });
  configureServer(server);
  onStopSignals(runtime.container.get(TOKENS.Shutdown).stopper(server, () => runtime.close()));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
