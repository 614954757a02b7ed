import { describe, expect, it } from 'vitest';
import { NewPassword } from '../../../src/application/users/new-password.js';
import { CommonPasswordError, WeakPasswordError } from '../../../src/domain/users/errors.js';
import { CommonPasswordBlocklist } from '../../../src/infrastructure/security/common-password-blocklist.js';
import { FakePasswordHasher } from '../fakes.js';

describe('NewPassword with the shipped common-password list', () => {
  const blocklist = new CommonPasswordBlocklist();

  it.each(['password', '12345678', 'qwertyuiop', 'iloveyou', 'Sunshine', 'PASSWORD'])(
    'when the password is %j, then it is common',
    (password) => {
      expect(blocklist.isCommon(password)).toBe(true);
    },
  );

  it.each(['correct-horse-battery', 'a-brand-new-password', 'Tr0ub4dor&3-zebra'])('when the password is %j, then it is not common', (password) => {
    expect(blocklist.isCommon(password)).toBe(false);
  });

  it('when a common password is chosen, then CommonPasswordError and it never reaches the hasher', async () => {
    const hasher = new FakePasswordHasher();
    await expect(new NewPassword(hasher, blocklist).hash('iloveyou1')).rejects.toBeInstanceOf(CommonPasswordError);
    expect(hasher.hashed).toEqual([]);
  });

  it('when a password is too short, then the length rule answers first (WeakPasswordError), even if it is common', async () => {
    const hasher = new FakePasswordHasher();
    await expect(new NewPassword(hasher, blocklist).hash('123456')).rejects.toBeInstanceOf(WeakPasswordError);
  });

  it('when a password passes both gates, then it is hashed', async () => {
    const hasher = new FakePasswordHasher();
    expect(await new NewPassword(hasher, blocklist).hash('correct-horse-battery')).toBe('hashed:correct-horse-battery');
  });
});
