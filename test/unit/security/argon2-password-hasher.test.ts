import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, Argon2PasswordHasher } from '../../../src/infrastructure/security/argon2-password-hasher.js';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('when a password is hashed, then the hash is Argon2id v19 with m=19456, t=2, p=1', async () => {
    const hash = await hasher.hash('correct-horse-battery');
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(hash).not.toContain('correct-horse-battery');
  });

  it('when the same password is hashed twice, then the salts differ and both verify', async () => {
    const [a, b] = await Promise.all([hasher.hash('same-password'), hasher.hash('same-password')]);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'same-password')).toBe(true);
    expect(await hasher.verify(b, 'same-password')).toBe(true);
  });

  it('when the password is right, then verify is true; when wrong, then false', async () => {
    const hash = await hasher.hash('correct-horse-battery');
    expect(await hasher.verify(hash, 'correct-horse-battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct-horse-batterY')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('when the password has non-ASCII characters, then it round-trips', async () => {
    const password = 'pässwörd-\u{1F600}-密码';
    expect(await hasher.verify(await hasher.hash(password), password)).toBe(true);
  });

  it.each(['', 'not-a-hash', '$argon2id$v=19$m=19456,t=2,p=1$garbage', '$2b$12$abcdefghijklmnopqrstuv'])(
    'when the stored hash is malformed (%j), then verify is false and does not throw',
    async (malformed) => {
      await expect(hasher.verify(malformed, 'correct-horse-battery')).resolves.toBe(false);
    },
  );

  describe('needsRehash', () => {
    it('when the hash was made with the current parameters, then no rehash is needed', async () => {
      expect(hasher.needsRehash(await hasher.hash('correct-horse-battery'))).toBe(false);
    });

    it.each([
      { memoryCost: 4096, timeCost: 2, parallelism: 1 },
      { memoryCost: 19_456, timeCost: 1, parallelism: 1 },
      { memoryCost: 19_456, timeCost: 2, parallelism: 2 },
    ])('when the hash was made with older parameters %j, then a rehash is needed, and the old hash still verifies', async (old) => {
      const legacy = await new Argon2PasswordHasher(old).hash('correct-horse-battery');
      expect(hasher.needsRehash(legacy)).toBe(true);
      expect(await hasher.verify(legacy, 'correct-horse-battery')).toBe(true);
    });

    it.each(['', 'not-a-hash', '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo', '$2b$12$abcdefghijklmnopqrstuv'])(
      'when the stored hash is not a readable Argon2id hash (%j), then a rehash is needed',
      (other) => {
        expect(hasher.needsRehash(other)).toBe(true);
      },
    );

    it('when the hasher is built with its defaults, then they are OWASP\'s Argon2id minimum', () => {
      expect(ARGON2_PARAMS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    });
  });
});
