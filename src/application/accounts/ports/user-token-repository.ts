import type { Email } from '../../../domain/users/email.js';

export type UserTokenPurpose = 'password_reset' | 'email_verification';

export interface NewUserToken {
  purpose: UserTokenPurpose;
  /** The address the token is mailed to. */
  email: Email;
  /** What is stored of the token: a one-way hash, never the token. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface UserTokenRepository {
  /**
   * Stores the token for the active account that has this address; false, storing nothing, when no
   * active account has it. One statement whether or not there is such an account, so the time a
   * password reset request takes does not tell which addresses have one.
   */
  issue(token: NewUserToken): Promise<boolean>;
  /**
   * Spends a token: marks it used and returns its user's id when it has this purpose, is unused and
   * unexpired at `now`, and its account is active and still has the address it was mailed to; null
   * otherwise. Of concurrent calls with one token, exactly one gets the id.
   */
  consume(purpose: UserTokenPurpose, tokenHash: string, now: Date): Promise<number | null>;
  /** Spends every unused token of this purpose of the user: the older links still in his inbox. */
  revokeAll(userId: number, purpose: UserTokenPurpose, at: Date): Promise<void>;
}
