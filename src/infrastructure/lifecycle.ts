import type { Server } from 'node:http';
import type { Logger } from 'pino';

export interface ShutdownOptions {
  logger: Logger;
  /** How long in-flight requests may take to finish before the process exits anyway. */
  graceMs: number;
  exit: (code: number) => void;
}

// server.close() closes the sockets idle at that moment, but a socket whose request was in flight goes
// idle later and would hold the server open until its keep-alive timeout: sweep until all are gone.
const IDLE_SWEEP_MS = 100;

/**
 * Graceful stop: readiness fails at once (`isDraining`), the listener closes, in-flight requests
 * finish, idle sockets close, then `close` releases the pool and the database and the process exits 0.
 * Grace expiry, or a second stop request, exits 1 without waiting any longer.
 */
export class GracefulShutdown {
  private stopping = false;

  constructor(private readonly opts: ShutdownOptions) {}

  /** True from the first stop request on, so load balancers take this replica out of rotation. */
  readonly isDraining = (): boolean => this.stopping;

  /** The stop routine for this server; `close` releases what the server used. */
  stopper(server: Server, close: () => Promise<void>): (reason: string) => void {
    return (reason) => {
      if (this.stopping) {
        this.opts.logger.warn({ reason }, 'second stop request: exiting now');
        this.opts.exit(1);
        return;
      }
      this.stopping = true;
      this.drain(server, close, reason);
    };
  }

  private drain(server: Server, close: () => Promise<void>, reason: string): void {
    const { logger, graceMs, exit } = this.opts;
    logger.info({ reason, graceMs }, 'shutting down: draining in-flight requests');
    const grace = setTimeout(() => {
      logger.error({ graceMs }, 'grace period expired: dropping open connections');
      server.closeAllConnections();
      exit(1);
    }, graceMs);
    const sweep = setInterval(() => { server.closeIdleConnections(); }, IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      close().then(
        () => {
          clearTimeout(grace);
          logger.info('shutdown complete');
          exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error while closing');
          exit(1);
        },
      );
    });
  }
}

/** SIGTERM (orchestrators, `docker stop`) and SIGINT (Ctrl-C) both stop gracefully; a repeat forces. */
export function onStopSignals(stop: (reason: string) => void): void {
  process.on('SIGTERM', () => { stop('SIGTERM'); });
  process.on('SIGINT', () => { stop('SIGINT'); });
}
