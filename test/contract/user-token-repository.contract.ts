import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewUserToken, UserTokenRepository } from '../../src/application/accounts/ports/user-token-repository.js';
import type { UserRepository } from '../../src/application/users/ports/user-repository.js';
import { Email } from '../../src/domain/users/email.js';
import type { User } from '../../src/domain/users/user.js';
import { uniqueEmail } from '../support/database.js';

export interface TokenStoreUnderTest {
  users: UserRepository;
  tokens: UserTokenRepository;
  cleanup?: () => Promise<void>;
}

const ISSUED = new Date('2030-01-01T00:00:00.000Z');
const EXPIRES = new Date('2030-01-01T00:30:00.000Z');
const BEFORE_EXPIRY = new Date('2030-01-01T00:29:59.999Z');

let serial = 0;
const uniqueHash = () => `hash-${Date.now()}-${serial++}-${Math.random().toString(36).slice(2)}`;

/**
 * The UserTokenRepository port, held to one spec for every adapter: what `issue` stores for whom,
 * and when `consume` gives a token's user, once.
 */
export function userTokenRepositoryContract(name: string, make: () => Promise<TokenStoreUnderTest>): void {
  describe(`UserTokenRepository contract (${name})`, () => {
    let users: UserRepository;
    let tokens: UserTokenRepository;
    let cleanup: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ users, tokens, cleanup } = await make());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    const newUser = (overrides: { isActive?: boolean } = {}): Promise<User> =>
      users.insert({
        email: Email.parse(uniqueEmail('token')),
        fullName: null,
        passwordHash: 'hash',
        isActive: overrides.isActive ?? true,
        isAdmin: false,
        isVerified: false,
        createdAt: ISSUED,
        updatedAt: ISSUED,
      });

    const token = (email: Email, overrides: Partial<NewUserToken> = {}): NewUserToken => ({
      purpose: 'password_reset',
      email,
      tokenHash: uniqueHash(),
      createdAt: ISSUED,
      expiresAt: EXPIRES,
      ...overrides,
    });

    async function issued(user: User, overrides: Partial<NewUserToken> = {}): Promise<NewUserToken> {
      const t = token(user.email, overrides);
      expect(await tokens.issue(t)).toBe(true);
      return t;
    }

    describe('issue', () => {
      it('when an active account has the address, then the token is stored and consumable by its user', async () => {
        const user = await newUser();
        const t = await issued(user);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
      });

      it('when the address is given in another case, then it still finds the account', async () => {
        const user = await newUser();
        const t = token(Email.parse(user.email.value.toUpperCase()));
        expect(await tokens.issue(t)).toBe(true);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
      });

      it('when no account has the address, then false and nothing is stored', async () => {
        const t = token(Email.parse(uniqueEmail('nobody')));
        expect(await tokens.issue(t)).toBe(false);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });

      it('when the account is inactive, then false and nothing is stored', async () => {
        const user = await newUser({ isActive: false });
        const t = token(user.email);
        expect(await tokens.issue(t)).toBe(false);
        await users.update(user.id, { isActive: true }, ISSUED);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });
    });

    describe('consume', () => {
      it('when a token is consumed twice, then only the first gives the user', async () => {
        const user = await newUser();
        const t = await issued(user);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });

      // Catches an adapter that reads before it writes (the in-memory one, here). On pg the ten
      // statements rarely overlap on their own: test/http/password-reset.test.ts makes them meet on
      // the row lock, which a read-then-write consume fails.
      it('when ten consumes of one token run at once, then exactly one gives the user', async () => {
        const user = await newUser();
        const t = await issued(user);
        const results = await Promise.all(Array.from({ length: 10 }, () => tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)));
        expect(results.filter((r) => r === user.id)).toHaveLength(1);
        expect(results.filter((r) => r === null)).toHaveLength(9);
      });

      it('when the token is consumed at its expiry or later, then null, and it was not spent', async () => {
        const user = await newUser();
        const t = await issued(user);
        expect(await tokens.consume('password_reset', t.tokenHash, EXPIRES)).toBeNull();
        expect(await tokens.consume('password_reset', t.tokenHash, new Date(EXPIRES.getTime() + 60_000))).toBeNull();
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
      });

      it('when it is consumed for another purpose, then null, and it still works for its own', async () => {
        const user = await newUser();
        const t = await issued(user, { purpose: 'email_verification' });
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
        expect(await tokens.consume('email_verification', t.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
      });

      it('when the hash is unknown, then null', async () => {
        expect(await tokens.consume('password_reset', uniqueHash(), BEFORE_EXPIRY)).toBeNull();
      });

      it('when the account changed its address since, then null', async () => {
        const user = await newUser();
        const t = await issued(user);
        await users.update(user.id, { email: Email.parse(uniqueEmail('moved')) }, ISSUED);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });

      it('when the account was deactivated since, then null', async () => {
        const user = await newUser();
        const t = await issued(user);
        await users.update(user.id, { isActive: false }, ISSUED);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });

      it('when the account was deleted since, then null', async () => {
        const user = await newUser();
        const t = await issued(user);
        await users.delete(user.id);
        expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
      });
    });

    describe('revokeAll', () => {
      it("when a user's tokens of a purpose are revoked, then none of them works, while his other purpose and other users' tokens do", async () => {
        const user = await newUser();
        const other = await newUser();
        const resets = [await issued(user), await issued(user)];
        const verification = await issued(user, { purpose: 'email_verification' });
        const othersReset = await issued(other);
        await tokens.revokeAll(user.id, 'password_reset', ISSUED);
        for (const t of resets) expect(await tokens.consume('password_reset', t.tokenHash, BEFORE_EXPIRY)).toBeNull();
        expect(await tokens.consume('email_verification', verification.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
        expect(await tokens.consume('password_reset', othersReset.tokenHash, BEFORE_EXPIRY)).toBe(other.id);
      });
    });

    describe('purge', () => {
      it('when a new token is issued, then the expired ones of that user are gone but his live ones stay', async () => {
        const user = await newUser();
        const old = await issued(user, { createdAt: new Date('2029-12-31T00:00:00Z'), expiresAt: new Date('2029-12-31T00:30:00Z') });
        const live = await issued(user);
        await issued(user, { createdAt: BEFORE_EXPIRY, expiresAt: new Date(BEFORE_EXPIRY.getTime() + 60_000) });
        // Had it survived, a consume dated before its expiry would still find it.
        expect(await tokens.consume('password_reset', old.tokenHash, new Date('2029-12-31T00:00:01Z'))).toBeNull();
        expect(await tokens.consume('password_reset', live.tokenHash, BEFORE_EXPIRY)).toBe(user.id);
      });
    });
  });
}
