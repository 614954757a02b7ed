import { InMemoryOutboxStore } from '../../src/infrastructure/mail/in-memory-outbox-store.js';
import { outboxStoreContract } from './outbox-store.contract.js';

outboxStoreContract('in-memory', () => Promise.resolve({ store: new InMemoryOutboxStore() }));
