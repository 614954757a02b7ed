import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidResetTokenError } from '../../../src/application/accounts/errors.js';
import { Email } from '../../../src/domain/users/email.js';
import { CommonPasswordError, InvalidEmailError, WeakPasswordError } from '../../../src/domain/users/errors.js';
import { type AccountsWorld, CountingLimiter, PASSWORD, RESET_SECONDS, accountsWorld, freshEmail } from './world.js';

let w: AccountsWorld;
beforeEach(() => {
  w = accountsWorld();
});

async function registered(email = freshEmail()) {
  const user = await w.registerUser.execute({ email, password: PASSWORD, fullName: null });
  w.mail.sent.length = 0; // the registration's verification mail is not what these tests look at
  return user;
}

/** Asks for a reset and lets the background work run. */
async function requestReset(email: string): Promise<void> {
  await w.requestPasswordReset.execute(email);
  await w.background.flush();
}

async function resetToken(email: string): Promise<string> {
  await requestReset(email);
  return w.mail.last().token;
}

describe('RequestPasswordReset', () => {
  it('when it answers, then nothing has been looked up, stored or sent yet: that all runs in the background', async () => {
    const user = await registered();
    await w.requestPasswordReset.execute(user.email.value);
    expect(w.background.names).toEqual(['password reset mail']);
    expect(w.mail.sent).toEqual([]);
    await w.background.flush();
    expect(w.mail.sent).toHaveLength(1);
  });

  it('when an active account has the address, then one reset mail with a token that expires in 30 minutes', async () => {
    const user = await registered();
    await requestReset(`  ${user.email.value.toUpperCase()} `);
    expect(w.mail.sent).toEqual([
      { purpose: 'password_reset', to: user.email, token: 'token-2', expiresAt: new Date(w.clock.now().getTime() + RESET_SECONDS * 1000) },
    ]);
  });

  it('when no account has the address, then it resolves the same and sends nothing', async () => {
    await expect(w.requestPasswordReset.execute(freshEmail('nobody'))).resolves.toBeUndefined();
    await w.background.flush();
    expect(w.mail.sent).toEqual([]);
  });

  it('when the account is inactive, then nothing is sent', async () => {
    const user = await registered();
    await w.users.update(user.id, { isActive: false }, w.clock.now());
    await requestReset(user.email.value);
    expect(w.mail.sent).toEqual([]);
  });

  it('when the address is malformed, then InvalidEmailError', async () => {
    await expect(w.requestPasswordReset.execute('not-an-email')).rejects.toBeInstanceOf(InvalidEmailError);
  });

  it('when the per-address limit is spent, then further requests for that address resolve but send nothing; other addresses are unaffected', async () => {
    w = accountsWorld({ perAddress: new CountingLimiter(2) });
    const user = await registered();
    const other = await registered();
    for (let i = 0; i < 4; i++) await requestReset(user.email.value);
    expect(w.mail.sent).toHaveLength(2);
    await requestReset(other.email.value);
    expect(w.mail.sent).toHaveLength(3);
  });
});

describe('ConfirmPasswordReset', () => {
  it('when the token is right, then the password changes, the address counts as verified and every session ends', async () => {
    const user = await registered();
    const now = w.clock.now();
    const id = w.sessions.nextId();
    const session = await w.sessions.open(
      { id, userId: user.id, createdAt: now, lastUsedAt: now, expiresAt: new Date(now.getTime() + 3_600_000), userAgent: null, ip: null },
      { fingerprint: 'f'.repeat(64), sessionId: id, createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000) },
    );
    await w.confirmPasswordReset.execute({ token: await resetToken(user.email.value), newPassword: 'a-new-passphrase' });
    const after = await w.users.findById(user.id);
    expect(after?.passwordHash).toBe('plain:a-new-passphrase');
    expect(after?.isVerified).toBe(true);
    expect((await w.sessions.findById(session.id))?.revokedAt).toEqual(w.clock.now());
  });

  it('when the token is used a second time, then InvalidResetTokenError and the first new password stays', async () => {
    const user = await registered();
    const token = await resetToken(user.email.value);
    await w.confirmPasswordReset.execute({ token, newPassword: 'a-new-passphrase' });
    await expect(w.confirmPasswordReset.execute({ token, newPassword: 'another-passphrase' })).rejects.toBeInstanceOf(InvalidResetTokenError);
    expect((await w.users.findById(user.id))?.passwordHash).toBe('plain:a-new-passphrase');
  });

  it('when the clock has passed the expiry, then InvalidResetTokenError; a moment before, it works', async () => {
    const user = await registered();
    const token = await resetToken(user.email.value);
    w.clock.advance(RESET_SECONDS * 1000);
    await expect(w.confirmPasswordReset.execute({ token, newPassword: 'a-new-passphrase' })).rejects.toBeInstanceOf(InvalidResetTokenError);
    const fresh = await resetToken(user.email.value);
    w.clock.advance(RESET_SECONDS * 1000 - 1);
    await w.confirmPasswordReset.execute({ token: fresh, newPassword: 'a-new-passphrase' });
  });

  it('when the new password breaks the policy or is common, then it is refused and the token still works', async () => {
    const user = await registered();
    const token = await resetToken(user.email.value);
    await expect(w.confirmPasswordReset.execute({ token, newPassword: 'short' })).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(w.confirmPasswordReset.execute({ token, newPassword: 'password123' })).rejects.toBeInstanceOf(CommonPasswordError);
    await w.confirmPasswordReset.execute({ token, newPassword: 'a-new-passphrase' });
  });

  it('when a later link is used, then the earlier one is dead', async () => {
    const user = await registered();
    const earlier = await resetToken(user.email.value);
    const later = await resetToken(user.email.value);
    await w.confirmPasswordReset.execute({ token: later, newPassword: 'a-new-passphrase' });
    await expect(w.confirmPasswordReset.execute({ token: earlier, newPassword: 'another-passphrase' })).rejects.toBeInstanceOf(InvalidResetTokenError);
  });

  it('when a verification token is presented, then InvalidResetTokenError', async () => {
    const user = await w.registerUser.execute({ email: freshEmail(), password: PASSWORD, fullName: null });
    const verification = w.mail.last();
    expect(verification.to).toEqual(user.email);
    await expect(w.confirmPasswordReset.execute({ token: verification.token, newPassword: 'a-new-passphrase' })).rejects.toBeInstanceOf(InvalidResetTokenError);
  });

  it('when the account moved to another address after the link was sent, then InvalidResetTokenError', async () => {
    const user = await registered();
    const token = await resetToken(user.email.value);
    await w.users.update(user.id, user.changeEmail(Email.parse(freshEmail('moved'))), w.clock.now());
    await expect(w.confirmPasswordReset.execute({ token, newPassword: 'a-new-passphrase' })).rejects.toBeInstanceOf(InvalidResetTokenError);
  });
});
