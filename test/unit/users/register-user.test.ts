import { beforeEach, describe, expect, it } from 'vitest';
import { RegisterUser } from '../../../src/application/users/register-user.js';
import { Email } from '../../../src/domain/users/email.js';
import {
  CommonPasswordError,
  EmailTakenError,
  InvalidEmailError,
  InvalidFullNameError,
  WeakPasswordError,
} from '../../../src/domain/users/errors.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { FakePasswordHasher, FixedClock, PASSWORD, type RecordingMailSender, newPasswordGate, snapshot, verificationMail } from '../fakes.js';

describe('RegisterUser', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let clock: FixedClock;
  let registerUser: RegisterUser;
  let mail: RecordingMailSender;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    clock = new FixedClock();
    const verification = verificationMail(users, clock);
    mail = verification.mail;
    registerUser = new RegisterUser(users, newPasswordGate(hasher), clock, verification.sendVerification);
  });

  const total = async () => (await users.list({ skip: 0, limit: 100 })).total;

  it('when the input is valid, then an active, unverified non-admin user is stored with a normalised email and the hash, and gets a verification mail', async () => {
    const user = await registerUser.execute({ email: '  Ada@Example.COM ', password: PASSWORD, fullName: '  Ada Lovelace ' });
    const expected = {
      id: user.id,
      email: 'ada@example.com',
      fullName: 'Ada Lovelace',
      passwordHash: `hashed:${PASSWORD}`,
      isActive: true,
      isAdmin: false,
      isVerified: false,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    };
    expect(snapshot(user)).toEqual(expected);
    expect(snapshot(await users.findByEmail(Email.parse('ada@example.com')))).toEqual(expected);
    expect(hasher.hashed).toEqual([PASSWORD]);
    expect(mail.sent).toMatchObject([{ purpose: 'email_verification', to: Email.parse('ada@example.com') }]);
  });

  it('when isAdmin is true, then the user is stored as an admin', async () => {
    const user = await registerUser.execute({ email: 'root@example.com', password: PASSWORD, fullName: null, isAdmin: true });
    expect((await users.findById(user.id))?.isAdmin).toBe(true);
  });

  it('when the full name is blank, then it is stored as null', async () => {
    const user = await registerUser.execute({ email: 'blank@example.com', password: PASSWORD, fullName: '   ' });
    expect((await users.findById(user.id))?.fullName).toBeNull();
  });

  it('when the password has more than 128 characters, then WeakPasswordError and it never reaches the hasher', async () => {
    await expect(
      registerUser.execute({ email: 'long@example.com', password: 'x'.repeat(129), fullName: null }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
    expect(hasher.hashed).toEqual([]);
    expect(await total()).toBe(0);
  });

  it('when the password is a multi-megabyte string, then it never reaches the hasher', async () => {
    await expect(
      registerUser.execute({ email: 'huge@example.com', password: 'x'.repeat(5_000_000), fullName: null }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
    expect(hasher.hashed).toEqual([]);
  });

  it('when the password has fewer than 8 characters, then WeakPasswordError and nothing is hashed or stored', async () => {
    await expect(
      registerUser.execute({ email: 'short@example.com', password: 'seven77', fullName: null }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
    expect(hasher.hashed).toEqual([]);
    expect(await total()).toBe(0);
  });

  it('when the password has exactly 8 or 128 characters, then the user is registered', async () => {
    await registerUser.execute({ email: 'eight@example.com', password: '8'.repeat(8), fullName: null });
    await registerUser.execute({ email: 'max@example.com', password: 'm'.repeat(128), fullName: null });
    expect(await total()).toBe(2);
  });

  it('when the password is on the common-password list, in any case, then CommonPasswordError and nothing is hashed or stored', async () => {
    for (const password of ['password123', 'QWERTYUIOP']) {
      await expect(registerUser.execute({ email: 'common@example.com', password, fullName: null })).rejects.toBeInstanceOf(
        CommonPasswordError,
      );
    }
    expect(hasher.hashed).toEqual([]);
    expect(await total()).toBe(0);
  });

  it('when the email is invalid, then InvalidEmailError and the password is not hashed', async () => {
    await expect(registerUser.execute({ email: 'not-an-email', password: PASSWORD, fullName: null })).rejects.toBeInstanceOf(
      InvalidEmailError,
    );
    expect(hasher.hashed).toEqual([]);
    expect(await total()).toBe(0);
  });

  it('when the email is taken in another case, then EmailTakenError and the first user is unchanged', async () => {
    const first = await registerUser.execute({ email: 'taken@example.com', password: PASSWORD, fullName: 'First' });
    await expect(
      registerUser.execute({ email: 'TAKEN@example.com', password: 'another-password', fullName: 'Second' }),
    ).rejects.toBeInstanceOf(EmailTakenError);
    expect(await total()).toBe(1);
    expect(snapshot(await users.findById(first.id))).toEqual(snapshot(first));
  });

  it('when the full name is longer than 255 characters, then InvalidFullNameError and nothing is stored', async () => {
    await expect(
      registerUser.execute({ email: 'name@example.com', password: PASSWORD, fullName: 'n'.repeat(256) }),
    ).rejects.toBeInstanceOf(InvalidFullNameError);
    expect(await total()).toBe(0);
  });
});
