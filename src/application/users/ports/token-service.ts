export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  refreshExpiresAt: Date;
  /** What is stored of the refresh token: a one-way fingerprint, never the token itself. */
  refreshFingerprint: string;
}

export interface TokenSubject {
  userId: number;
  sessionId: string;
}

export interface RefreshClaims extends TokenSubject {
  /** Unique id of this refresh token; seeds its successor. */
  jti: string;
  fingerprint: string;
}

export interface TokenService {
  /**
   * Deterministic in (subject, seed, issuedAt): the same inputs give byte-identical tokens. That lets a
   * rotation answered twice (a client's double-submit within the grace window) return the same pair
   * without storing any token.
   */
  issuePair(subject: TokenSubject, seed: string, issuedAt: Date): Promise<TokenPair>;
  /** A fresh unpredictable seed for a new session's first pair. */
  newSeed(): string;
  /** Throws InvalidTokenError unless the token is a valid, unexpired access token. */
  verifyAccess(token: string): Promise<TokenSubject>;
  /** Throws InvalidTokenError unless the token is a valid, unexpired refresh token. */
  verifyRefresh(token: string): Promise<RefreshClaims>;
}
