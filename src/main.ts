import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, loadConfig } from './infrastructure/config/env.js';
import { TOKENS } from './infrastructure/container/tokens.js';
import { onStopSignals } from './infrastructure/lifecycle.js';
import { createLogger, wantsPrettyLogs } from './infrastructure/logging/logger.js';
import { startRuntime } from './infrastructure/runtime.js';
import { createHttpServer } from './interfaces/http/server.js';

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
  const stopDuringStartUp = deferStopsUntilStarted(logger);
  const runtime = await startRuntime(config, logger);
  const early = stopDuringStartUp.requested();
  if (early) {
    await runtime.close();
    logger.info({ reason: early }, 'stopped after start-up without serving');
    process.exit(0);
  }
  const app = runtime.container.get(TOKENS.App);
  const server = createHttpServer(app);
  const cannotListen = (err: NodeJS.ErrnoException) => {
    // The usual cause is another process on the port: name the setting to change, not a stack.
    logger.fatal({ code: err.code ?? null, host: config.HOST, port: config.PORT }, `cannot listen on ${config.HOST}:${config.PORT} (PORT, HOST): ${err.message}`);
    void runtime.close().finally(() => process.exit(1));
  };
  server.once('error', cannotListen);
  server.listen(config.PORT, config.HOST, () => {
    server.off('error', cannotListen);
    const { port } = server.address() as AddressInfo;
    logger.info({ port, docs: `http://localhost:${port}/docs` }, 'listening');
  });
  stopDuringStartUp.handOver(runtime.container.get(TOKENS.Shutdown).stopper(server, () => runtime.close()));
}

/**
 * A stop signal during start-up (migrations, creating the embedded database, seeding the admin) would
 * otherwise kill the process half-way: a migration is then rolled back, but an embedded database may
 * be left mid-write. The request is held until start-up has finished, and the process then closes
 * everything and exits 0 without serving; a second signal still exits at once.
 */
function deferStopsUntilStarted(logger: Logger): { requested(): string | undefined; handOver(stop: (reason: string) => void): void } {
  let requested: string | undefined;
  let stop: ((reason: string) => void) | undefined;
  onStopSignals((reason) => {
    if (stop) {
      stop(reason);
    } else if (requested) {
      logger.warn({ reason }, 'second stop request during start-up: exiting now');
      process.exit(1);
    } else {
      requested = reason;
      logger.info({ reason }, 'stop requested during start-up: stopping once start-up has finished');
    }
  });
  return {
    requested: () => requested,
    handOver: (s) => { stop = s; },
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
