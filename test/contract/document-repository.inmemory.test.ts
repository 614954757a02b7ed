import { InMemoryDocumentRepository } from '../../src/infrastructure/documents/in-memory-document-repository.js';
import { documentRepositoryContract } from './document-repository.contract.js';

let lastOwner = 0;
const repo = new InMemoryDocumentRepository();

documentRepositoryContract('in-memory', () => ({ repo, newOwner: () => Promise.resolve(++lastOwner) }));
