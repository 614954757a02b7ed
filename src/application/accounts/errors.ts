import { DomainError } from '../../domain/shared/domain-error.js';

/** Unknown, used, expired, or no longer matching its account: one answer, the link is dead. */
export class InvalidResetTokenError extends DomainError {
  readonly code = 'auth.invalid_reset_token';
  constructor() {
    super('The password reset link is invalid, used or expired. Request a new one.');
  }
}

export class InvalidVerificationTokenError extends DomainError {
  readonly code = 'auth.invalid_verification_token';
  constructor() {
    super('The verification link is invalid, used or expired. Request a new one.');
  }
}
