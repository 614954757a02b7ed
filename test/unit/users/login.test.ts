import { beforeEach, describe, expect, it } from 'vitest';
import { InactiveUserError, InvalidCredentialsError } from '../../../src/application/users/errors.js';
import { Login } from '../../../src/application/users/login.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import {
  FakePasswordHasher,
  FakeTokenService,
  PASSWORD,
  UnreachableEmailLookupRepository,
  seedUser,
} from '../fakes.js';

describe('Login', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let tokens: FakeTokenService;
  let login: Login;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    tokens = new FakeTokenService();
    login = new Login(users, hasher, tokens);
  });

  async function failure(cmd: { email: string; password: string }): Promise<unknown> {
    return login.execute(cmd).then(
      () => expect.fail('login should have failed'),
      (err: unknown) => err,
    );
  }

  it('when the email and password are right, then a token pair is issued for that user', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const pair = await login.execute({ email: 'ada@example.com', password: PASSWORD });
    expect(pair).toEqual({ accessToken: `access:${user.id}:1`, refreshToken: `refresh:${user.id}:1`, expiresIn: 1800 });
    expect(tokens.issuedFor).toEqual([user.id]);
    expect(hasher.verified).toEqual([{ hash: `hashed:${PASSWORD}`, password: PASSWORD }]);
  });

  it('when the email differs in case and spacing, then the user still logs in', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    await login.execute({ email: '  ADA@Example.com ', password: PASSWORD });
    expect(tokens.issuedFor).toEqual([user.id]);
  });

  it('when the email is unknown, then the hasher still verifies once, against a hash of no user', async () => {
    await seedUser(users, { email: 'ada@example.com' });
    const err = await failure({ email: 'nobody@example.com', password: PASSWORD });
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.verified).toHaveLength(1);
    expect(hasher.verified[0]?.password).toBe(PASSWORD);
    expect(hasher.verified[0]?.hash).not.toBe(`hashed:${PASSWORD}`);
    expect(tokens.issuedFor).toEqual([]);
  });

  it('when the email is malformed, then it fails like an unknown account, after one verification', async () => {
    const err = await failure({ email: 'not an email', password: PASSWORD });
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.verified).toHaveLength(1);
  });

  it('when the password is wrong, then the same InvalidCredentialsError as for an unknown email', async () => {
    await seedUser(users, { email: 'ada@example.com' });
    const wrong = await failure({ email: 'ada@example.com', password: 'wrong-password' });
    const unknown = await failure({ email: 'nobody@example.com', password: 'wrong-password' });
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
    expect(hasher.verified).toHaveLength(2);
    expect(tokens.issuedFor).toEqual([]);
  });

  it('when the user is inactive and the password is right, then InactiveUserError and no tokens', async () => {
    await seedUser(users, { email: 'gone@example.com', isActive: false });
    expect(await failure({ email: 'gone@example.com', password: PASSWORD })).toBeInstanceOf(InactiveUserError);
    expect(tokens.issuedFor).toEqual([]);
  });

  it('when the user is inactive and the password is wrong, then InvalidCredentialsError, revealing nothing', async () => {
    await seedUser(users, { email: 'gone@example.com', isActive: false });
    const err = await failure({ email: 'gone@example.com', password: 'wrong-password' });
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err).not.toBeInstanceOf(InactiveUserError);
  });

  it('when the user store fails, then that error surfaces instead of a credentials error', async () => {
    const broken = new Login(new UnreachableEmailLookupRepository(), hasher, tokens);
    const err = await broken.execute({ email: 'ada@example.com', password: PASSWORD }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toBe('connection refused');
  });
});
