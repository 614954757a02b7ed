import { InMemoryDocumentRepository } from '../../src/infrastructure/documents/in-memory-document-repository.js';
import { documentRepositoryContract } from './document-repository.contract.js';

let lastOwner = 0;
const owners = new Set<number>();
const repo = new InMemoryDocumentRepository((id) => owners.has(id));

documentRepositoryContract('in-memory', () => ({
  repo,
  newOwner: () => {
    owners.add(++lastOwner);
    return Promise.resolve(lastOwner);
  },
}));
