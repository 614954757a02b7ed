import { type KeyObject, createHash, createHmac, createSecretKey, randomUUID } from 'node:crypto';
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

// Access tokens whose signature and claims have been checked, by their exact text. A client sends the
// same token for its whole life (minutes), and the HMAC check goes through WebCrypto's thread pool:
// it was the largest cost of an authenticated request after the database round trip. Only tokens we
// signed get in, so the only thing that changes about an entry is its expiry, checked on every hit.
const VERIFIED_CACHE_SIZE = 10_000;

export class JoseTokenService implements TokenService {
  // A KeyObject, not raw bytes: jose imports raw bytes into a CryptoKey on every call, but caches
  // the import of a KeyObject, which took a tenth of the CPU of an authenticated request.
  private readonly key: KeyObject;
  private readonly verifiedAccess = new Map<string, { subject: TokenSubject; expiresAt: number }>();

  constructor(
    private readonly opts: JoseTokenOptions,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(opts.secret, 'utf8'));
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
    const cached = this.verifiedAccess.get(token);
    if (cached) {
      if (cached.expiresAt > this.clock.now().getTime()) return cached.subject;
      this.verifiedAccess.delete(token);
    }
    const payload = await this.verify(token, 'access');
    const subject = subjectOf(payload);
    this.remember(token, subject, (payload.exp as number) * 1000);
    return subject;
  }

  private remember(token: string, subject: TokenSubject, expiresAt: number): void {
    if (this.verifiedAccess.size >= VERIFIED_CACHE_SIZE) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.verifiedAccess.keys().next().value;
      if (oldest !== undefined) this.verifiedAccess.delete(oldest);
    }
    this.verifiedAccess.set(token, { subject, expiresAt });
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
