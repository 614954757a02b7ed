export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
}

export interface TokenClaims {
  userId: number;
}

export interface TokenService {
  issuePair(userId: number): Promise<TokenPair>;
  /** Throws InvalidTokenError unless the token is a valid, unexpired access token. */
  verifyAccess(token: string): Promise<TokenClaims>;
  /** Throws InvalidTokenError unless the token is a valid, unexpired refresh token. */
  verifyRefresh(token: string): Promise<TokenClaims>;
}
