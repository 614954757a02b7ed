import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type JWTPayload, SignJWT, jwtVerify } from 'jose';
import type { Clock } from '../../application/shared/clock.js';
import { InvalidTokenError } from '../../application/users/errors.js';
import type {
  RefreshClaims,
  TokenPair,
  TokenService,
  TokenSubject,
} from '../../application/users/ports/token-service.js';

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

  async issuePair(subject: TokenSubject, seed: string, issuedAt: Date): Promise<TokenPair> {
    const iat = Math.floor(issuedAt.getTime() / 1000);
    const refreshExp = iat + this.opts.refreshTtlSeconds;
    const [accessToken, refreshToken] = await Promise.all([
      this.sign(subject, 'access', this.deriveJti('access', seed), iat, iat + this.opts.accessTtlSeconds),
      this.sign(subject, 'refresh', this.deriveJti('refresh', seed), iat, refreshExp),
    ]);
    return {
      accessToken,
      refreshToken,
      expiresIn: this.opts.accessTtlSeconds,
      refreshExpiresAt: new Date(refreshExp * 1000),
      refreshFingerprint: fingerprint(refreshToken),
    };
  }

  newSeed(): string {
    return randomUUID();
  }

  async verifyAccess(token: string): Promise<TokenSubject> {
    const payload = await this.verify(token, 'access');
    return subjectOf(payload);
  }

  async verifyRefresh(token: string): Promise<RefreshClaims> {
    const payload = await this.verify(token, 'refresh');
    return { ...subjectOf(payload), jti: payload.jti as string, fingerprint: fingerprint(token) };
  }

  /** Keyed, so nobody without the secret can predict the ids of a rotation's successor tokens. */
  private deriveJti(typ: TokenType, seed: string): string {
    return createHmac('sha256', this.key).update(`${typ}:${seed}`).digest('base64url').slice(0, 32);
  }

  private sign(subject: TokenSubject, typ: TokenType, jti: string, iat: number, exp: number): Promise<string> {
    return new SignJWT({ typ, sid: subject.sessionId })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(String(subject.userId))
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(this.key);
  }

  private async verify(token: string, expected: TokenType): Promise<JWTPayload> {
    let payload: JWTPayload;
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
    return payload;
  }
}

function subjectOf(payload: JWTPayload): TokenSubject {
  const userId = Number(payload.sub);
  if (!Number.isSafeInteger(userId) || userId <= 0 || String(userId) !== payload.sub) throw new InvalidTokenError();
  if (typeof payload.sid !== 'string' || payload.sid.length === 0) throw new InvalidTokenError();
  return { userId, sessionId: payload.sid };
}

/** What is stored of a refresh token. SHA-256 suffices: the token is long and random, not a password. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
