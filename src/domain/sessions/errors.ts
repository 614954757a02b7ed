import { DomainError } from '../shared/domain-error.js';

export class SessionNotFoundError extends DomainError {
  readonly code = 'session.not_found';
  constructor() {
    super('The session does not exist.');
  }
}
