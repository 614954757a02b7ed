import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { InvalidTokenError } from '../../application/users/errors.js';
import type { TokenClaims, TokenPair, TokenService } from '../../application/users/ports/token-service.js';
import type { Clock } from '../../application/shared/clock.js';

type TokenType = 'access' | 'refresh';

export interface JoseTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

// Pinned: a token naming any other algorithm (including "none") is refused.
const ALG = 'HS256';

export class JoseTokenService implements TokenService {
  private readonly key: Uint8Array;

  constructor(
    private readonly opts: JoseTokenOptions,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(opts.secret);
  }

  async issuePair(userId: number): Promise<TokenPair> {
    const [accessToken, refreshToken] = await Promise.all([
      this.sign(userId, 'access', this.opts.accessTtlSeconds),
      this.sign(userId, 'refresh', this.opts.refreshTtlSeconds),
    ]);
    return { accessToken, refreshToken, expiresIn: this.opts.accessTtlSeconds };
  }

  verifyAccess(token: string): Promise<TokenClaims> {
    return this.verify(token, 'access');
  }

  verifyRefresh(token: string): Promise<TokenClaims> {
    return this.verify(token, 'refresh');
  }

  private sign(userId: number, typ: TokenType, ttlSeconds: number): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ typ })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  private async verify(token: string, expected: TokenType): Promise<TokenClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: this.clock.now(),
      }));
    } catch {
      throw new InvalidTokenError();
    }
    if (payload.typ !== expected) throw new InvalidTokenError();
    const userId = Number(payload.sub);
    if (!Number.isSafeInteger(userId) || userId <= 0 || String(userId) !== payload.sub) {
      throw new InvalidTokenError();
    }
    return { userId };
  }
}
