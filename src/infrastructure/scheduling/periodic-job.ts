import type { Logger } from 'pino';

/**
 * Runs housekeeping at start and then every `everyMs`, one run at a time; a failure is logged and the
 * next run tries again. The timer never keeps the process alive, and `stop` waits for a run under way.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => { this.tick(); }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    // A run that outlasts the interval is not overlapped by the next one.
    if (this.running) return;
    this.running = this.work()
      .catch((err: unknown) => {
        this.logger.warn({ job: this.name, err }, 'periodic job failed; it runs again at the next interval');
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
