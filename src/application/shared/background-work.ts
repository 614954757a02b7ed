/** Runs work after the caller has had its answer; a failure is the runner's to log, never the caller's. */
export interface BackgroundWork {
  run(name: string, work: () => Promise<void>): void;
}
