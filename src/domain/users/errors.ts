import { DomainError } from '../shared/domain-error.js';

export class InvalidEmailError extends DomainError {
  readonly code = 'user.invalid_email';
  constructor() {
    super('The email address is not valid.');
  }
}

export class WeakPasswordError extends DomainError {
  readonly code = 'user.invalid_password';
}

export class InvalidFullNameError extends DomainError {
  readonly code = 'user.invalid_full_name';
}

export class EmailTakenError extends DomainError {
  readonly code = 'user.email_taken';
  constructor() {
    super('A user with this email already exists.');
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'user.not_found';
  constructor() {
    super('The user does not exist.');
  }
}

/** An admin acting on his own account in a way that could lock every admin out. */
export class SelfChangeForbiddenError extends DomainError {
  readonly code = 'user.self_change';
  constructor(action: string) {
    super(`An admin cannot ${action} his own account.`);
  }
}

export class CommonPasswordError extends DomainError {
  readonly code = 'user.common_password';
  constructor() {
    super('This password is too common; choose one that is harder to guess.');
  }
}
