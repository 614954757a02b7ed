import { DomainError } from '../../domain/shared/domain-error.js';

/** One error for unknown email and wrong password, so a caller cannot probe which accounts exist. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'auth.invalid_credentials';
  constructor() {
    super('Incorrect email or password.');
  }
}

export class InactiveUserError extends DomainError {
  readonly code = 'auth.inactive_user';
  constructor() {
    super('This account is inactive.');
  }
}

/** Told only after the password was proven, like InactiveUserError. */
export class EmailNotVerifiedError extends DomainError {
  readonly code = 'auth.email_not_verified';
  constructor() {
    super('Verify your email address first: open the link we mailed you, or reset your password to get a new one.');
  }
}

/** Missing, malformed, expired, wrong-type tokens, and tokens of users gone or deactivated. */
export class InvalidTokenError extends DomainError {
  readonly code = 'auth.invalid_token';
  constructor(message = 'Could not validate credentials.') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'auth.forbidden';
  constructor(message = 'You do not have the privileges for this action.') {
    super(message);
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'auth.too_many_attempts';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts. Try again later.');
  }
}

export class InvalidCurrentPasswordError extends DomainError {
  readonly code = 'auth.invalid_current_password';
  constructor() {
    super('The current password is incorrect.');
  }
}
