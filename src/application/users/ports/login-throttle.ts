export interface LoginThrottle {
  /** Throws TooManyAttemptsError while the account is locked out after repeated failures. */
  assertAllowed(accountKey: string): Promise<void>;
  recordFailure(accountKey: string): Promise<void>;
  reset(accountKey: string): Promise<void>;
}
