import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './infrastructure/config/env.js';
import { TOKENS } from './infrastructure/container/tokens.js';
import { onStopSignals } from './infrastructure/lifecycle.js';
import { createLogger, wantsPrettyLogs } from './infrastructure/logging/logger.js';
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
  applyTimeouts(server);
  onStopSignals(runtime.container.get(TOKENS.Shutdown).stopper(server, () => runtime.close()));
}

/** Node's defaults, made explicit with the reason for each. */
function applyTimeouts(server: Server): void {
  // Longer than the idle timeout of common load balancers (60 s: AWS ALB, nginx upstream keep-alive
  // pools): the balancer must be the side that closes an idle connection, or it may send a request
  // down a socket we are closing at that moment and answer 502.
  server.keepAliveTimeout = 65_000;
  // A client gets 15 s to send its headers and 30 s for the whole request (bodies are at most 1 MB):
  // slow-loris connections are cut, while a slow mobile upload still fits. Neither bounds the handler.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
