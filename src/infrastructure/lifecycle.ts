import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface ShutdownOptions {
  logger: Logger;
  /** How long in-flight requests may take to finish before they are cut. */
  graceMs: number;
  /** How long releasing the pool, the outbox and the database may take once requests are done. */
  closeLimitMs?: number;
  exit: (code: number) => void;
}

// server.close() closes the sockets idle at that moment, but a socket whose request was in flight goes
// idle later and would hold the server open until its keep-alive timeout: sweep until all are gone.
const IDLE_SWEEP_MS = 100;
// The mail outbox drains for up to 5 s, then the pool ends; anything longer is a hang.
const CLOSE_LIMIT_MS = 10_000;

/**
 * Graceful stop: readiness fails at once (`isDraining`), the listener closes, in-flight requests
 * finish, idle sockets close, then `close` releases the pool and the database and the process exits 0.
 * Requests still running when the grace period ends are cut, and the process exits 1 once closed;
 * a `close` that hangs, or a second stop request, exits 1 without waiting any longer.
 */
export class GracefulShutdown {
  private stopping = false;
  private inFlight = 0;

  constructor(private readonly opts: ShutdownOptions) {}

  /** True from the first stop request on, so load balancers take this replica out of rotation. */
  readonly isDraining = (): boolean => this.stopping;

  /** The stop routine for this server; `close` releases what the server used. */
  stopper(server: Server, close: () => Promise<void>): (reason: string) => void {
    // Counted here, not read from the sockets: an idle keep-alive socket is not a request to wait for.
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight++;
      res.once('close', () => { this.inFlight--; });
    });
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
    let cut = false;
    const grace = setTimeout(() => {
      // Sockets without a request (one still sending its headers) go too, but only a cut request is a failure.
      if (this.inFlight > 0) {
        cut = true;
        logger.error({ graceMs, inFlight: this.inFlight }, 'grace period expired: dropping open connections');
      }
      server.closeAllConnections();
    }, graceMs);
    const sweep = setInterval(() => { server.closeIdleConnections(); }, IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(grace);
      clearInterval(sweep);
      const closeLimitMs = this.opts.closeLimitMs ?? CLOSE_LIMIT_MS;
      const limit = setTimeout(() => {
        logger.error({ closeLimitMs }, 'closing took too long: exiting now');
        exit(1);
      }, closeLimitMs);
      close().then(
        () => {
          clearTimeout(limit);
          logger.info('shutdown complete');
          exit(cut ? 1 : 0);
        },
        (err: unknown) => {
          clearTimeout(limit);
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
