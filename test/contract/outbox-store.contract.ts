import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedMail, NewOutboxMail, OutboxStore, StoredFailure } from '../../src/infrastructure/mail/outbox-store.js';

export interface OutboxStoreUnderTest {
  store: OutboxStore;
  cleanup?: () => Promise<void>;
}

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;
const FAILURE: StoredFailure = { code: 'EENVELOPE', message: 'Not now', responseCode: 451 };

const sorted = (mails: ClaimedMail[]) => mails.map((m) => m.id).sort((a, b) => Number(a) - Number(b));

/**
 * The OutboxStore port, held to one spec for every adapter: when a mail can be claimed, by whom, and
 * that a stale holder changes nothing.
 */
export function outboxStoreContract(name: string, make: () => Promise<OutboxStoreUnderTest>): void {
  describe(`OutboxStore contract (${name})`, () => {
    let store: OutboxStore;
    let cleanup: (() => Promise<void>) | undefined;
    const added: string[] = [];
    beforeAll(async () => {
      ({ store, cleanup } = await make());
    });
    // claimDue sees every row: each test starts from an empty store.
    afterEach(async () => {
      for (const id of added.splice(0)) await store.remove(id);
    });
    afterAll(async () => {
      await cleanup?.();
    });

    let serial = 0;
    /** Queued at T0 by a replica that holds it until T0 + LEASE unless told otherwise. */
    async function queued(overrides: Partial<NewOutboxMail> = {}): Promise<string> {
      serial++;
      const id = await store.add({
        purpose: 'password_reset',
        recipient: `user-${serial}@example.com`,
        payload: Buffer.from([0, 255, serial]),
        createdAt: T0,
        heldUntil: at(LEASE),
        ...overrides,
      });
      added.push(id);
      return id;
    }

    describe('add', () => {
      it('when a mail is added, then nobody else claims it while it is held, and anyone may once the hold has ended', async () => {
        const payload = Buffer.from('sealed \u0000 bytes');
        const id = await queued({ purpose: 'email_verification', recipient: 'held@example.com', payload });
        expect(await store.claimDue(10, at(LEASE), at(2 * LEASE))).toEqual([]);
        expect(await store.claimDue(10, at(LEASE + 1), at(2 * LEASE))).toEqual([
          { id, purpose: 'email_verification', recipient: 'held@example.com', payload, attempts: 1 },
        ]);
      });

      it('when two mails are added, then they get different ids', async () => {
        expect(await queued()).not.toBe(await queued());
      });
    });

    describe('claim', () => {
      it('when the holder claims with the count it knows, then the attempt is counted; with a stale count, then false', async () => {
        const id = await queued();
        expect(await store.claim(id, 0, at(LEASE))).toBe(true);
        expect(await store.claim(id, 0, at(LEASE))).toBe(false);
        expect(await store.claim(id, 1, at(2 * LEASE))).toBe(true);
        expect(await store.claimDue(10, at(2 * LEASE), at(3 * LEASE))).toEqual([]);
        const [taken] = await store.claimDue(10, at(2 * LEASE + 1), at(3 * LEASE));
        expect(taken).toMatchObject({ id, attempts: 3 });
      });

      it('when the mail is gone, then false', async () => {
        const id = await queued();
        await store.remove(id);
        expect(await store.claim(id, 0, at(LEASE))).toBe(false);
      });
    });

    describe('claimDue', () => {
      it('when mails are due and held by nobody, then it takes the earliest due first, up to the limit, and holds them', async () => {
        const late = await queued({ createdAt: at(3), heldUntil: T0 });
        const early = await queued({ createdAt: at(1), heldUntil: T0 });
        const middle = await queued({ createdAt: at(2), heldUntil: T0 });
        const first = await store.claimDue(2, at(10), at(LEASE));
        expect(sorted(first)).toEqual([early, middle].sort((a, b) => Number(a) - Number(b)));
        expect(first.every((m) => m.attempts === 1)).toBe(true);
        expect(sorted(await store.claimDue(2, at(10), at(LEASE)))).toEqual([late]);
        expect(await store.claimDue(2, at(10), at(LEASE))).toEqual([]);
      });

      it('when a mail is due later, then it is left until then', async () => {
        const id = await queued({ heldUntil: T0 });
        expect(await store.claim(id, 0, at(LEASE))).toBe(true);
        await store.reschedule(id, 1, at(1_000), null, FAILURE);
        expect(await store.claimDue(10, at(999), at(LEASE))).toEqual([]);
        expect(await store.claimDue(10, at(1_000), at(LEASE))).toMatchObject([{ id, attempts: 2 }]);
      });

      it('when a failed mail is rescheduled and held, then nobody else takes it until the hold ends after its due time', async () => {
        const id = await queued();
        expect(await store.claim(id, 0, at(LEASE))).toBe(true);
        await store.reschedule(id, 1, at(1_000), at(1_000 + LEASE), FAILURE);
        expect(await store.claimDue(10, at(1_000 + LEASE), at(3 * LEASE))).toEqual([]);
        expect(await store.claimDue(10, at(1_001 + LEASE), at(3 * LEASE))).toMatchObject([{ id, attempts: 2 }]);
      });

      it('when many claimers take due mails at once, then no mail goes to two of them and all are taken', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) ids.push(await queued({ heldUntil: T0 }));
        const rounds = await Promise.all(Array.from({ length: 6 }, () => store.claimDue(3, at(1), at(LEASE))));
        const taken = rounds.flat().map((m) => m.id);
        expect(new Set(taken).size).toBe(taken.length);
        const rest = await store.claimDue(12, at(2), at(LEASE));
        expect([...taken, ...rest.map((m) => m.id)].sort((a, b) => Number(a) - Number(b))).toEqual(ids);
      });
    });

    describe('a stale holder', () => {
      it('when reschedule or release comes with a count another claim has moved on, then nothing changes', async () => {
        const id = await queued();
        expect(await store.claim(id, 0, at(LEASE))).toBe(true);
        // Its lease ended and another replica claimed the mail, holding it until 3 × LEASE.
        expect(await store.claim(id, 1, at(3 * LEASE))).toBe(true);
        await store.reschedule(id, 1, T0, null, FAILURE);
        await store.release(id, 1);
        expect(await store.claimDue(10, at(2 * LEASE), at(4 * LEASE))).toEqual([]);
        expect(await store.claimDue(10, at(3 * LEASE + 1), at(4 * LEASE))).toMatchObject([{ id, attempts: 3 }]);
      });
    });

    describe('release', () => {
      it('when a held mail is handed back, then anyone may claim it at once, still due when it was', async () => {
        const fresh = await queued();
        await store.release(fresh, 0);
        expect(await store.claimDue(10, at(1), at(LEASE))).toMatchObject([{ id: fresh, attempts: 1 }]);

        const retried = await queued();
        expect(await store.claim(retried, 0, at(LEASE))).toBe(true);
        await store.reschedule(retried, 1, at(1_000), at(1_000 + LEASE), FAILURE);
        await store.release(retried, 1);
        expect(await store.claimDue(10, at(999), at(LEASE))).toEqual([]);
        expect(await store.claimDue(10, at(1_000), at(LEASE))).toMatchObject([{ id: retried, attempts: 2 }]);
      });
    });

    describe('remove', () => {
      it('when a mail is removed, then nobody can claim it any more', async () => {
        const id = await queued({ heldUntil: T0 });
        await store.remove(id);
        expect(await store.claimDue(10, at(1), at(LEASE))).toEqual([]);
      });
    });
  });
}
