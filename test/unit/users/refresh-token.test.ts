import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../../src/application/users/errors.js';
import { RefreshToken } from '../../../src/application/users/refresh-token.js';
import { InMemoryUserRepository } from '../../../src/infrastructure/users/in-memory-user-repository.js';
import { FakeTokenService, seedUser } from '../fakes.js';

describe('RefreshToken', () => {
  let users: InMemoryUserRepository;
  let tokens: FakeTokenService;
  let refreshToken: RefreshToken;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    tokens = new FakeTokenService();
    refreshToken = new RefreshToken(users, tokens);
  });

  it('when the refresh token is valid and the user active, then a new pair is issued for him', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const first = await tokens.issuePair(user.id);
    const next = await refreshToken.execute(first.refreshToken);
    expect(next.accessToken).toBe(`access:${user.id}:2`);
    expect(tokens.issuedFor).toEqual([user.id, user.id]);
  });

  it('when an access token is offered as a refresh token, then InvalidTokenError and nothing is issued', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const pair = await tokens.issuePair(user.id);
    await expect(refreshToken.execute(pair.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(tokens.issuedFor).toEqual([user.id]);
  });

  it('when the user no longer exists, then InvalidTokenError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const pair = await tokens.issuePair(user.id);
    await users.delete(user.id);
    await expect(refreshToken.execute(pair.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(tokens.issuedFor).toEqual([user.id]);
  });

  it('when the user was deactivated, then InvalidTokenError', async () => {
    const user = await seedUser(users, { email: 'ada@example.com' });
    const pair = await tokens.issuePair(user.id);
    await users.update(user.id, { isActive: false }, new Date());
    await expect(refreshToken.execute(pair.refreshToken)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('when the token is garbage, then InvalidTokenError', async () => {
    await expect(refreshToken.execute('garbage')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
