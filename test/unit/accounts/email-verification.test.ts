import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidVerificationTokenError } from '../../../src/application/accounts/errors.js';
import { TooManyAttemptsError } from '../../../src/application/users/errors.js';
import { EnsureAdmin } from '../../../src/application/users/ensure-admin.js';
import { UpdateMe } from '../../../src/application/users/update-me.js';
import { UpdateUser } from '../../../src/application/users/update-user.js';
import { Email } from '../../../src/domain/users/email.js';
import { type AccountsWorld, CountingLimiter, PASSWORD, VERIFY_SECONDS, accountsWorld, freshEmail } from './world.js';

let w: AccountsWorld;
beforeEach(() => {
  w = accountsWorld();
});

const register = (email = freshEmail()) => w.registerUser.execute({ email, password: PASSWORD, fullName: null });

describe('SendVerificationEmail, through RegisterUser', () => {
  it('when a user registers, then he is unverified and gets a verification mail that expires in 48 hours', async () => {
    const user = await register();
    expect(user.isVerified).toBe(false);
    expect(w.mail.sent).toEqual([
      { purpose: 'email_verification', to: user.email, token: 'token-1', expiresAt: new Date(w.clock.now().getTime() + VERIFY_SECONDS * 1000) },
    ]);
  });

  it('when a trusted caller registers a verified user, then no mail is sent', async () => {
    const user = await w.registerUser.execute({ email: freshEmail(), password: PASSWORD, fullName: null, isVerified: true });
    expect(user.isVerified).toBe(true);
    expect(w.mail.sent).toEqual([]);
  });

  it('when the first admin is seeded or promoted, then he is verified, so that a required verification cannot lock him out', async () => {
    const ensure = new EnsureAdmin(w.users, w.registerUser, w.clock);
    const created = await ensure.execute({ email: freshEmail('admin'), password: PASSWORD });
    expect(created.user.isVerified).toBe(true);
    const existing = await register();
    const promoted = await ensure.execute({ email: existing.email.value, password: PASSWORD });
    expect(promoted).toMatchObject({ outcome: 'promoted' });
    expect(promoted.user.isVerified).toBe(true);
  });
});

describe('VerifyEmail', () => {
  it('when the mailed token is presented, then the user is verified, once', async () => {
    const user = await register();
    const { token } = w.mail.last();
    await w.verifyEmail.execute(token);
    expect((await w.users.findById(user.id))?.isVerified).toBe(true);
    await expect(w.verifyEmail.execute(token)).rejects.toBeInstanceOf(InvalidVerificationTokenError);
  });

  it('when the clock has passed the expiry, then InvalidVerificationTokenError and the user stays unverified', async () => {
    const user = await register();
    w.clock.advance(VERIFY_SECONDS * 1000);
    await expect(w.verifyEmail.execute(w.mail.last().token)).rejects.toBeInstanceOf(InvalidVerificationTokenError);
    expect((await w.users.findById(user.id))?.isVerified).toBe(false);
  });

  it('when the token is unknown, then InvalidVerificationTokenError', async () => {
    await expect(w.verifyEmail.execute('made-up')).rejects.toBeInstanceOf(InvalidVerificationTokenError);
  });
});

describe('changing the email', () => {
  it('when a user changes his own email, then he is unverified, the new address gets a mail, and the old token verifies nothing', async () => {
    const updateMe = new UpdateMe(w.users, w.clock, w.sendVerification);
    const user = await register();
    const oldToken = w.mail.last().token;
    const moved = await updateMe.execute({ userId: user.id, email: freshEmail('moved') });
    expect(moved.isVerified).toBe(false);
    expect(w.mail.last().to).toEqual(moved.email);
    await expect(w.verifyEmail.execute(oldToken)).rejects.toBeInstanceOf(InvalidVerificationTokenError);
    await w.verifyEmail.execute(w.mail.last().token);
    expect((await w.users.findById(user.id))?.isVerified).toBe(true);
  });

  it('when a verified user gives his own address again, then nothing changes and nothing is sent', async () => {
    const updateMe = new UpdateMe(w.users, w.clock, w.sendVerification);
    const user = await register();
    await w.verifyEmail.execute(w.mail.last().token);
    const same = await updateMe.execute({ userId: user.id, email: user.email.value.toUpperCase(), fullName: 'Ada' });
    expect(same.isVerified).toBe(true);
    expect(same.fullName).toBe('Ada');
    expect(w.mail.sent).toHaveLength(1);
  });

  it('when an admin changes a user\'s email, then the user is unverified and the new address gets a mail', async () => {
    const updateUser = new UpdateUser(w.users, w.uow, w.newPassword, w.clock, w.sendVerification);
    const admin = await w.registerUser.execute({ email: freshEmail('admin'), password: PASSWORD, fullName: null, isAdmin: true, isVerified: true });
    const user = await register();
    await w.verifyEmail.execute(w.mail.last().token);
    const newEmail = Email.parse(freshEmail('by-admin'));
    const updated = await updateUser.execute({ actorId: admin.id, userId: user.id, email: newEmail.value });
    expect(updated.isVerified).toBe(false);
    expect(w.mail.last()).toMatchObject({ purpose: 'email_verification', to: newEmail });
  });
});

describe('ResendVerification', () => {
  it('when an unverified user asks, then another mail with a new token', async () => {
    const user = await register();
    await w.resendVerification.execute(user);
    expect(w.mail.sent.map((m) => m.token)).toEqual(['token-1', 'token-2']);
  });

  it('when a verified user asks, then nothing is sent and nothing is counted', async () => {
    const limiter = new CountingLimiter(0);
    w = accountsWorld({ perAccount: limiter });
    const user = await w.registerUser.execute({ email: freshEmail(), password: PASSWORD, fullName: null, isVerified: true });
    await w.resendVerification.execute(user);
    expect(w.mail.sent).toEqual([]);
  });

  it('when the per-account limit is spent, then TooManyAttemptsError with the wait, and no mail', async () => {
    w = accountsWorld({ perAccount: new CountingLimiter(1) });
    const user = await register();
    await w.resendVerification.execute(user);
    const refused = w.resendVerification.execute(user);
    await expect(refused).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 60 });
    expect(w.mail.sent).toHaveLength(2);
  });
});
