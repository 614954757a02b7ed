export interface RateLimiter {
  /** Counts one attempt for the key; resolves to the seconds to wait when over the limit, else null. */
  consume(key: string): Promise<number | null>;
}
