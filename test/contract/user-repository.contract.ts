import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRepository } from '../../src/application/users/ports/user-repository.js';
import { Email } from '../../src/domain/users/email.js';
import { EmailTakenError } from '../../src/domain/users/errors.js';
import type { NewUser, User, UserChanges } from '../../src/domain/users/user.js';
import { uniqueEmail } from '../support/database.js';

export interface RepositoryUnderTest {
  repo: UserRepository;
  cleanup?: () => Promise<void>;
}

const CREATED = new Date('2024-01-02T03:04:05.678Z');
const UPDATED = new Date('2024-02-03T04:05:06.789Z');
const LATER = new Date('2025-05-05T05:05:05.555Z');

function draft(overrides: Partial<NewUser> = {}): NewUser {
  return {
    email: Email.parse(uniqueEmail('contract')),
    fullName: 'Ada Lovelace',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    isActive: true,
    isAdmin: false,
    isVerified: false,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

function plain(user: User | null): Record<string, unknown> | null {
  if (!user) return null;
  return {
    id: user.id,
    email: user.email.value,
    fullName: user.fullName,
    passwordHash: user.passwordHash,
    isActive: user.isActive,
    isAdmin: user.isAdmin,
    isVerified: user.isVerified,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** An id no row has: one that existed and was deleted, so it holds on a shared database too. */
async function vanishedId(repo: UserRepository): Promise<number> {
  const gone = await repo.insert(draft());
  await repo.delete(gone.id);
  return gone.id;
}

/**
 * The UserRepository port, held to one spec for every adapter. `make` is called once for the suite
 * and once more for the list tests, which compare with a baseline total, so they also hold on a
 * store that already has rows.
 */
export function userRepositoryContract(name: string, make: () => Promise<RepositoryUnderTest>): void {
  describe(`UserRepository contract (${name})`, () => {
    let repo: UserRepository;
    let cleanup: (() => Promise<void>) | undefined;

    // One store for the suite: unique emails and vanished ids keep tests independent of each other.
    beforeAll(async () => {
      ({ repo, cleanup } = await make());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    describe('insert and find', () => {
      it('when a user is inserted, then insert, findById and findByEmail return every field as given', async () => {
        const input = draft({ fullName: 'Grace Hopper', isActive: false, isAdmin: true, isVerified: true, createdAt: CREATED, updatedAt: UPDATED });
        const inserted = await repo.insert(input);
        const expected = {
          id: inserted.id,
          email: input.email.value,
          fullName: 'Grace Hopper',
          passwordHash: input.passwordHash,
          isActive: false,
          isAdmin: true,
          isVerified: true,
          createdAt: CREATED.toISOString(),
          updatedAt: UPDATED.toISOString(),
        };
        expect(Number.isSafeInteger(inserted.id) && inserted.id > 0).toBe(true);
        expect(plain(inserted)).toEqual(expected);
        expect(plain(await repo.findById(inserted.id))).toEqual(expected);
        expect(plain(await repo.findByEmail(input.email))).toEqual(expected);
      });

      it('when a user has no full name and default flags, then they round-trip as null, active, not admin, not verified', async () => {
        const input = draft({ fullName: null, isActive: true, isAdmin: false, isVerified: false });
        const inserted = await repo.insert(input);
        const found = await repo.findById(inserted.id);
        expect(found?.fullName).toBeNull();
        expect(found?.isActive).toBe(true);
        expect(found?.isAdmin).toBe(false);
        expect(found?.isVerified).toBe(false);
      });

      it('when two users are inserted, then each gets its own id', async () => {
        const a = await repo.insert(draft());
        const b = await repo.insert(draft());
        expect(b.id).not.toBe(a.id);
        expect((await repo.findById(a.id))?.email.value).toBe(a.email.value);
        expect((await repo.findById(b.id))?.email.value).toBe(b.email.value);
      });

      it('when findByEmail is given the email in another case, then it finds the user', async () => {
        const stored = uniqueEmail('Case');
        const inserted = await repo.insert(draft({ email: Email.parse(stored) }));
        const found = await repo.findByEmail(Email.parse(`  ${stored.toUpperCase()} `));
        expect(found?.id).toBe(inserted.id);
        expect(found?.email.value).toBe(stored.toLowerCase());
      });

      it('when no user has the email, then findByEmail returns null', async () => {
        await repo.insert(draft());
        expect(await repo.findByEmail(Email.parse(uniqueEmail('nobody')))).toBeNull();
      });
    });

    describe('unique email', () => {
      it('when a second user is inserted with the same email, then EmailTakenError and the first is unchanged', async () => {
        const first = await repo.insert(draft({ fullName: 'First' }));
        await expect(repo.insert(draft({ email: first.email, fullName: 'Second' }))).rejects.toBeInstanceOf(EmailTakenError);
        expect(plain(await repo.findByEmail(first.email))).toEqual(plain(first));
      });

      it('when the second email differs only in case of input, then EmailTakenError too', async () => {
        const raw = uniqueEmail('dup');
        const first = await repo.insert(draft({ email: Email.parse(raw) }));
        await expect(repo.insert(draft({ email: Email.parse(raw.toUpperCase()) }))).rejects.toBeInstanceOf(EmailTakenError);
        expect((await repo.findByEmail(Email.parse(raw)))?.id).toBe(first.id);
      });

      it("when a user is updated to another user's email, then EmailTakenError and neither changes", async () => {
        const a = await repo.insert(draft({ fullName: 'A' }));
        const b = await repo.insert(draft({ fullName: 'B' }));
        const steal = Email.parse(a.email.value.toUpperCase());
        await expect(repo.update(b.id, { email: steal, fullName: 'B2' }, LATER)).rejects.toBeInstanceOf(EmailTakenError);
        expect(plain(await repo.findById(a.id))).toEqual(plain(a));
        expect(plain(await repo.findById(b.id))).toEqual(plain(b));
      });

      it('when a user is updated to his own email, then the update succeeds', async () => {
        const a = await repo.insert(draft());
        const updated = await repo.update(a.id, { email: Email.parse(a.email.value), fullName: 'Renamed' }, LATER);
        expect(updated?.email.value).toBe(a.email.value);
        expect(updated?.fullName).toBe('Renamed');
      });

      it('when a user is deleted, then his email can be used again', async () => {
        const a = await repo.insert(draft());
        await repo.delete(a.id);
        const again = await repo.insert(draft({ email: a.email }));
        expect(again.id).not.toBe(a.id);
        expect((await repo.findByEmail(a.email))?.id).toBe(again.id);
      });
    });

    describe('update', () => {
      const cases: { field: string; changes: () => UserChanges }[] = [
        { field: 'email', changes: () => ({ email: Email.parse(uniqueEmail('new')) }) },
        { field: 'fullName', changes: () => ({ fullName: 'Changed Name' }) },
        { field: 'passwordHash', changes: () => ({ passwordHash: 'new-hash' }) },
        { field: 'isActive', changes: () => ({ isActive: false }) },
        { field: 'isAdmin', changes: () => ({ isAdmin: true }) },
        { field: 'isVerified', changes: () => ({ isVerified: true }) },
      ];

      it.each(cases)(
        'when only $field is updated, then it changes, the others stay and updated_at is set',
        async ({ changes }) => {
          const before = await repo.insert(draft());
          const change = changes();
          const patch = { ...change, ...(change.email ? { email: change.email.value } : {}) };
          const want = { ...plain(before), ...patch, updatedAt: LATER.toISOString() };
          expect(plain(await repo.update(before.id, change, LATER))).toEqual(want);
          expect(plain(await repo.findById(before.id))).toEqual(want);
        },
      );

      it('when flags are set back to their defaults, then false is stored, not ignored', async () => {
        const before = await repo.insert(draft({ isActive: false, isAdmin: true }));
        await repo.update(before.id, { isActive: true }, LATER);
        await repo.update(before.id, { isAdmin: false }, LATER);
        const stored = await repo.findById(before.id);
        expect(stored?.isActive).toBe(true);
        expect(stored?.isAdmin).toBe(false);
      });

      it('when full_name is updated to null, then it is cleared', async () => {
        const before = await repo.insert(draft({ fullName: 'Someone' }));
        const returned = await repo.update(before.id, { fullName: null }, LATER);
        expect(returned?.fullName).toBeNull();
        expect((await repo.findById(before.id))?.fullName).toBeNull();
      });

      it('when full_name is left out of an update, then it is unchanged', async () => {
        const before = await repo.insert(draft({ fullName: 'Someone' }));
        const returned = await repo.update(before.id, { isAdmin: true }, LATER);
        expect(returned?.fullName).toBe('Someone');
        expect((await repo.findById(before.id))?.fullName).toBe('Someone');
      });

      it('when full_name is present but undefined, then it is treated as absent', async () => {
        const before = await repo.insert(draft({ fullName: 'Someone' }));
        await repo.update(before.id, { fullName: undefined, passwordHash: 'other' }, LATER);
        expect((await repo.findById(before.id))?.fullName).toBe('Someone');
      });

      it('when every field is updated at once, then all of them change', async () => {
        const before = await repo.insert(draft());
        const email = Email.parse(uniqueEmail('all'));
        const changes = { email, fullName: 'All New', passwordHash: 'all-new', isActive: false, isAdmin: true, isVerified: true };
        await repo.update(before.id, changes, LATER);
        expect(plain(await repo.findById(before.id))).toEqual({
          ...plain(before),
          email: email.value,
          fullName: 'All New',
          passwordHash: 'all-new',
          isActive: false,
          isAdmin: true,
          isVerified: true,
          updatedAt: LATER.toISOString(),
        });
      });

      it('when an update has no changes, then only updated_at moves', async () => {
        const before = await repo.insert(draft());
        await repo.update(before.id, {}, LATER);
        expect(plain(await repo.findById(before.id))).toEqual({ ...plain(before), updatedAt: LATER.toISOString() });
      });

      it('when one user is updated, then the others are untouched', async () => {
        const a = await repo.insert(draft());
        const b = await repo.insert(draft());
        await repo.update(a.id, { fullName: 'Only A', isAdmin: true }, LATER);
        expect(plain(await repo.findById(b.id))).toEqual(plain(b));
      });
    });

    describe('unknown ids', () => {
      it('when the id does not exist, then findById returns null', async () => {
        expect(await repo.findById(await vanishedId(repo))).toBeNull();
      });

      it('when the id does not exist, then update returns null and stores nothing', async () => {
        const id = await vanishedId(repo);
        expect(await repo.update(id, { fullName: 'ghost', email: Email.parse(uniqueEmail('ghost')) }, LATER)).toBeNull();
        expect(await repo.findById(id)).toBeNull();
      });

      it('when the id does not exist, then delete returns false', async () => {
        expect(await repo.delete(await vanishedId(repo))).toBe(false);
      });

      it.each([0, -1, 2_147_483_648, Number.MAX_SAFE_INTEGER])(
        'when the id is %d, then find, update and delete answer null, null and false without throwing',
        async (id) => {
          expect(await repo.findById(id)).toBeNull();
          expect(await repo.update(id, { fullName: 'ghost' }, LATER)).toBeNull();
          expect(await repo.replacePasswordHash(id, 'any', 'other')).toBe(false);
          expect(await repo.delete(id)).toBe(false);
        },
      );
    });

    describe('replacePasswordHash', () => {
      it('when the stored hash is the expected one, then it is swapped, and nothing else changes, not even updated_at', async () => {
        const before = await repo.insert(draft({ updatedAt: UPDATED }));
        expect(await repo.replacePasswordHash(before.id, before.passwordHash, 'rehashed')).toBe(true);
        expect(plain(await repo.findById(before.id))).toEqual({ ...plain(before), passwordHash: 'rehashed' });
      });

      it('when the hash changed since it was read, then nothing is swapped', async () => {
        const before = await repo.insert(draft());
        await repo.update(before.id, { passwordHash: 'changed-meanwhile' }, LATER);
        expect(await repo.replacePasswordHash(before.id, before.passwordHash, 'rehashed')).toBe(false);
        expect((await repo.findById(before.id))?.passwordHash).toBe('changed-meanwhile');
      });

      it('when the user does not exist, then false', async () => {
        expect(await repo.replacePasswordHash(await vanishedId(repo), 'any', 'other')).toBe(false);
      });
    });

    describe('delete', () => {
      it('when a user is deleted, then it is gone by id and email and a second delete returns false', async () => {
        const a = await repo.insert(draft());
        const b = await repo.insert(draft());
        expect(await repo.delete(a.id)).toBe(true);
        expect(await repo.findById(a.id)).toBeNull();
        expect(await repo.findByEmail(a.email)).toBeNull();
        expect(await repo.delete(a.id)).toBe(false);
        expect(plain(await repo.findById(b.id))).toEqual(plain(b));
      });
    });

    describe('list', () => {
      // A store of its own (a fresh database on a server); totals are still read against a
      // baseline, so the tests also hold where the store is shared.
      let store: UserRepository;
      let storeCleanup: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        ({ repo: store, cleanup: storeCleanup } = await make());
      });
      afterAll(async () => {
        await storeCleanup?.();
      });

      // Ids ascend while emails and creation times descend, and the first row is rewritten last:
      // only an ORDER BY id passes.
      async function insertThree(): Promise<{ base: number; ids: number[] }> {
        const base = (await store.list({ skip: 0, limit: 1 })).total;
        const tag = uniqueEmail('').slice(1, 13);
        const ids: number[] = [];
        for (const [i, letter] of ['c', 'b', 'a'].entries()) {
          const at = new Date(CREATED.getTime() - i * 60_000);
          const user = await store.insert(draft({ email: Email.parse(`${letter}-${tag}@example.com`), createdAt: at, updatedAt: at }));
          ids.push(user.id);
        }
        // An updated row moves to the end of a PostgreSQL heap: a missing ORDER BY shows.
        await store.update(ids[0]!, { fullName: 'Moved' }, LATER);
        return { base, ids };
      }

      it('when users are listed, then they come ordered by id with the total', async () => {
        const { base, ids } = await insertThree();
        const page = await store.list({ skip: base, limit: 10 });
        expect(page.items.map((u) => u.id)).toEqual(ids);
        expect(page.total).toBe(base + 3);
        const all = await store.list({ skip: 0, limit: base + 10 });
        const allIds = all.items.map((u) => u.id);
        expect(allIds).toEqual([...allIds].sort((x, y) => x - y));
        expect(all.items).toHaveLength(all.total);
      });

      it('when listed items are read, then they carry every field', async () => {
        const base = (await store.list({ skip: 0, limit: 1 })).total;
        const inserted = await store.insert(draft({ fullName: 'Listed', isAdmin: true, isActive: false, updatedAt: UPDATED }));
        const page = await store.list({ skip: base, limit: 1 });
        expect(page.items.map(plain)).toEqual([plain(inserted)]);
      });

      it('when skip and limit select a window, then only that window is returned with the full total', async () => {
        const { base, ids } = await insertThree();
        const middle = await store.list({ skip: base + 1, limit: 1 });
        expect(middle.items.map((u) => u.id)).toEqual([ids[1]]);
        expect(middle.total).toBe(base + 3);
        const firstTwo = await store.list({ skip: base, limit: 2 });
        expect(firstTwo.items.map((u) => u.id)).toEqual(ids.slice(0, 2));
        const lastOnes = await store.list({ skip: base + 2, limit: 5 });
        expect(lastOnes.items.map((u) => u.id)).toEqual(ids.slice(2));
        expect(lastOnes.total).toBe(base + 3);
      });

      it('when skip is past the end, then items are empty and the total is still right', async () => {
        const { base } = await insertThree();
        for (const skip of [base + 3, base + 100]) {
          const page = await store.list({ skip, limit: 10 });
          expect(page.items).toEqual([]);
          expect(page.total).toBe(base + 3);
        }
      });

      it('when a user is deleted, then the list and total no longer count him', async () => {
        const { base, ids } = await insertThree();
        await store.delete(ids[1]!);
        const page = await store.list({ skip: base, limit: 10 });
        expect(page.items.map((u) => u.id)).toEqual([ids[0], ids[2]]);
        expect(page.total).toBe(base + 2);
      });
    });
  });
}
