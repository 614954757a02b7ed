import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher } from '../../../src/infrastructure/security/argon2-password-hasher.js';

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
});
