import { createHash } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import { type JoseTokenOptions, JoseTokenService } from '../../../src/infrastructure/security/jose-token-service.js';
import { FixedClock } from '../fakes.js';

const OPTS: JoseTokenOptions = {
  secret: 'a-test-secret-of-at-least-thirty-two-bytes!',
  issuer: 'seed-api',
  audience: 'seed-api',
  accessTtlSeconds: 30 * 60,
  refreshTtlSeconds: 7 * 24 * 3600,
};
const KEY = new TextEncoder().encode(OPTS.secret);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SID = '0b6f3c1e-8a7d-4c2b-9e5f-1a2b3c4d5e6f';

describe('JoseTokenService', () => {
  let clock: FixedClock;
  let service: JoseTokenService;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  let seeds = 0;

  beforeEach(() => {
    clock = new FixedClock(new Date('2030-01-01T00:00:00.000Z'));
    service = new JoseTokenService(OPTS, clock);
  });

  /** A pair for user 42 on session SID, with a fresh seed, issued now. */
  function issue(svc: JoseTokenService = service) {
    seeds += 1;
    return svc.issuePair({ userId: 42, sessionId: SID }, `seed-${seeds}`, clock.now());
  }

  /** A token signed with the right key, whose claims the test chooses. */
  function forge(claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
    const now = nowSeconds();
    return new SignJWT({ typ: 'access', sub: '7', iss: OPTS.issuer, aud: OPTS.audience, iat: now, exp: now + 60, jti: 'j', sid: SID, ...claims })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .sign(KEY);
  }

  it('when a pair is issued, then each token verifies as its own type for that user and session', async () => {
    const pair = await issue();
    expect(pair.expiresIn).toBe(OPTS.accessTtlSeconds);
    expect(await service.verifyAccess(pair.accessToken)).toEqual({ userId: 42, sessionId: SID });
    const refresh = await service.verifyRefresh(pair.refreshToken);
    expect(refresh).toEqual({ userId: 42, sessionId: SID, jti: decodeJwt(pair.refreshToken).jti, fingerprint: pair.refreshFingerprint });
  });

  it('when a pair is issued, then the claims are sub, typ, sid, iss, aud, iat, exp and a unique jti on HS256', async () => {
    const a = await issue();
    const b = await issue();
    const access = decodeJwt(a.accessToken);
    const refresh = decodeJwt(a.refreshToken);
    const now = nowSeconds();
    expect(decodeProtectedHeader(a.accessToken).alg).toBe('HS256');
    expect(access).toMatchObject({ sub: '42', typ: 'access', sid: SID, iss: 'seed-api', aud: 'seed-api', iat: now, exp: now + OPTS.accessTtlSeconds });
    expect(refresh).toMatchObject({ sub: '42', typ: 'refresh', sid: SID, iat: now, exp: now + OPTS.refreshTtlSeconds });
    expect(a.refreshExpiresAt.getTime()).toBe((now + OPTS.refreshTtlSeconds) * 1000);
    const jtis = [access.jti, refresh.jti, decodeJwt(b.accessToken).jti, decodeJwt(b.refreshToken).jti];
    expect(jtis.every((j) => typeof j === 'string' && j.length > 0)).toBe(true);
    expect(new Set(jtis).size).toBe(4);
  });

  it('when a refresh token is offered as an access token, then InvalidTokenError', async () => {
    const { refreshToken } = await issue();
    await expect(service.verifyAccess(refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when an access token is offered as a refresh token, then InvalidTokenError', async () => {
    const { accessToken } = await issue();
    await expect(service.verifyRefresh(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when a token has no typ or an unknown typ, then it is refused as either type', async () => {
    for (const typ of [undefined, 'id', 'ACCESS']) {
      const token = await forge({ typ });
      await expect(service.verifyAccess(token)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(service.verifyRefresh(token)).rejects.toBeInstanceOf(InvalidTokenError);
    }
  });

  it('when the access lifetime has almost passed, then the token is still valid', async () => {
    const { accessToken } = await issue();
    clock.advance((OPTS.accessTtlSeconds - 1) * 1000);
    expect(await service.verifyAccess(accessToken)).toEqual({ userId: 42, sessionId: SID });
  });

  it('when the access lifetime has passed, then InvalidTokenError while the refresh token still works', async () => {
    const { accessToken, refreshToken } = await issue();
    clock.advance((OPTS.accessTtlSeconds + 1) * 1000);
    await expect(service.verifyAccess(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await service.verifyRefresh(refreshToken)).toMatchObject({ userId: 42, sessionId: SID });
  });

  it('when a token verified earlier has since expired, then it is refused: remembered verifications keep the expiry', async () => {
    const { accessToken } = await issue();
    expect(await service.verifyAccess(accessToken)).toEqual({ userId: 42, sessionId: SID });
    clock.advance(OPTS.accessTtlSeconds * 1000);
    await expect(service.verifyAccess(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when a verified token is sent again with one signature character changed, then InvalidTokenError', async () => {
    const { accessToken } = await issue();
    await service.verifyAccess(accessToken);
    const last = accessToken.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${accessToken.slice(0, -2)}${last}${accessToken.slice(-1)}`;
    await expect(service.verifyAccess(tampered)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the refresh lifetime has passed, then InvalidTokenError', async () => {
    const { refreshToken } = await issue();
    clock.advance((OPTS.refreshTtlSeconds + 1) * 1000);
    await expect(service.verifyRefresh(refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the issuer differs, then InvalidTokenError', async () => {
    const other = new JoseTokenService({ ...OPTS, issuer: 'someone-else' }, clock);
    const { accessToken } = await issue(other);
    await expect(service.verifyAccess(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the audience differs, then InvalidTokenError', async () => {
    const other = new JoseTokenService({ ...OPTS, audience: 'another-api' }, clock);
    const { accessToken } = await issue(other);
    await expect(service.verifyAccess(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the token was signed with another secret, then InvalidTokenError', async () => {
    const other = new JoseTokenService({ ...OPTS, secret: 'another-secret-of-at-least-thirty-two-bytes' }, clock);
    const { accessToken } = await issue(other);
    await expect(service.verifyAccess(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the signature is tampered with, then InvalidTokenError', async () => {
    const { accessToken } = await issue();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(service.verifyAccess(`${header}.${payload}.${flipped}`)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the payload is changed under the original signature, then InvalidTokenError', async () => {
    const { accessToken } = await issue();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = decodeJwt(accessToken);
    const forged = b64({ ...claims, sub: '1' });
    expect(forged).not.toBe(payload);
    await expect(service.verifyAccess(`${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the token says alg none and carries no signature, then InvalidTokenError', async () => {
    const now = nowSeconds();
    const claims = { sub: '42', typ: 'access', iss: OPTS.issuer, aud: OPTS.audience, iat: now, exp: now + 60, jti: 'x' };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    await expect(service.verifyAccess(unsigned)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the token is signed with the right key but another HMAC algorithm, then InvalidTokenError', async () => {
    const token = await forge({}, 'HS512');
    await expect(service.verifyAccess(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when a correctly signed token lacks jti, then InvalidTokenError', async () => {
    await expect(service.verifyAccess(await forge({ jti: undefined }))).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await service.verifyAccess(await forge({}))).toEqual({ userId: 7, sessionId: SID });
  });

  it.each(['abc', '0', '-1', '01', '1.5', '', '9007199254740993'])(
    'when a correctly signed token has sub %j, then InvalidTokenError',
    async (sub) => {
      await expect(service.verifyAccess(await forge({ sub }))).rejects.toBeInstanceOf(InvalidTokenError);
    },
  );

  it.each(['', 'garbage', 'a.b.c', 'a.b'])('when the token is %j, then InvalidTokenError', async (token) => {
    await expect(service.verifyAccess(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  describe('deterministic pairs', () => {
    const subject = { userId: 42, sessionId: SID };
    const at = new Date('2030-01-01T00:00:00.000Z');

    it('when the same subject, seed and time are given twice, then the pairs are identical, byte for byte', async () => {
      const a = await service.issuePair(subject, 'seed', at);
      clock.advance(5_000);
      const b = await service.issuePair(subject, 'seed', at);
      expect(b).toEqual(a);
    });

    it('when the seed, the time, the session or the user differ, then every token differs', async () => {
      const base = await service.issuePair(subject, 'seed', at);
      const variants = await Promise.all([
        service.issuePair(subject, 'other-seed', at),
        service.issuePair(subject, 'seed', new Date(at.getTime() + 1_000)),
        service.issuePair({ ...subject, sessionId: '1b6f3c1e-8a7d-4c2b-9e5f-1a2b3c4d5e6f' }, 'seed', at),
        service.issuePair({ ...subject, userId: 43 }, 'seed', at),
      ]);
      for (const v of variants) {
        expect(v.accessToken).not.toBe(base.accessToken);
        expect(v.refreshToken).not.toBe(base.refreshToken);
        expect(v.refreshFingerprint).not.toBe(base.refreshFingerprint);
      }
      expect(decodeJwt(variants[0].refreshToken).jti).not.toBe(decodeJwt(base.refreshToken).jti);
    });

    it('when the same seed is used under another secret, then the jtis differ: successors cannot be predicted', async () => {
      const other = new JoseTokenService({ ...OPTS, secret: 'another-secret-of-at-least-thirty-two-bytes' }, clock);
      const a = await service.issuePair(subject, 'seed', at);
      const b = await other.issuePair(subject, 'seed', at);
      expect(decodeJwt(b.accessToken).jti).not.toBe(decodeJwt(a.accessToken).jti);
      expect(decodeJwt(b.refreshToken).jti).not.toBe(decodeJwt(a.refreshToken).jti);
      expect(decodeJwt(a.refreshToken).jti).not.toContain('seed');
    });

    it('when a pair is issued for a past time, then iat and exp follow that time, not the clock', async () => {
      const past = new Date(clock.now().getTime() - 60_000);
      const pair = await service.issuePair(subject, 'seed', past);
      const iat = Math.floor(past.getTime() / 1000);
      expect(decodeJwt(pair.accessToken)).toMatchObject({ iat, exp: iat + OPTS.accessTtlSeconds });
      expect(pair.refreshExpiresAt.getTime()).toBe((iat + OPTS.refreshTtlSeconds) * 1000);
    });

    it('when new seeds are asked for, then they do not repeat', () => {
      const seen = new Set(Array.from({ length: 100 }, () => service.newSeed()));
      expect(seen.size).toBe(100);
    });
  });

  describe('fingerprint', () => {
    it('when a pair is issued, then the fingerprint is the SHA-256 of the refresh token, and holds nothing of it', async () => {
      const pair = await issue();
      expect(pair.refreshFingerprint).toBe(createHash('sha256').update(pair.refreshToken).digest('hex'));
      expect(pair.refreshFingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect((await service.verifyRefresh(pair.refreshToken)).fingerprint).toBe(pair.refreshFingerprint);
    });
  });

  describe('sid', () => {
    it.each([[undefined], [''], [42], [null]])('when a correctly signed token has sid %j, then InvalidTokenError', async (sid) => {
      await expect(service.verifyAccess(await forge({ sid }))).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(service.verifyRefresh(await forge({ sid, typ: 'refresh' }))).rejects.toBeInstanceOf(InvalidTokenError);
    });
  });
});
