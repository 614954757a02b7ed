import { beforeEach, describe, expect, it } from 'vitest';
import { Authenticate } from '../../../src/application/users/authenticate.js';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { FakeTokenService, seedUser, snapshot } from '../fakes.js';

describe('Authenticate', () => {
  let users: InMemoryUserRepository;
  let tokens: FakeTokenService;
  let authenticate: Authenticate;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    tokens = new FakeTokenService();
    authenticate = new Authenticate(users, tokens);
  });

  it('when the access token is valid and the user active, then that user is returned', async () => {
    await seedUser(users, { email: 'other@example.com' });
    const user = await seedUser(users, { email: 'ada@example.com' });
    const { accessToken } = await tokens.issuePair(user.id);
    expect(snapshot(await authenticate.execute(accessToken))).toEqual(snapshot(user));
  });

  it('when a refresh token is offered as an access token, then InvalidTokenError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const { refreshToken } = await tokens.issuePair(user.id);
    await expect(authenticate.execute(refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the user no longer exists, then InvalidTokenError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const { accessToken } = await tokens.issuePair(user.id);
    await users.delete(user.id);
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the user is inactive, then InvalidTokenError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com', isActive: false });
    const { accessToken } = await tokens.issuePair(user.id);
    await expect(authenticate.execute(accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
