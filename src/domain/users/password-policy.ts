import { WeakPasswordError } from './errors.js';

export const PASSWORD_MIN_LENGTH = 8;
// The upper bound keeps a hostile multi-megabyte "password" away from the hasher.
export const PASSWORD_MAX_LENGTH = 128;

export const PasswordPolicy = {
  check(password: string): void {
    // Characters are code points, so an emoji counts once, as a user would count it.
    const length = Array.from(password).length;
    if (length < PASSWORD_MIN_LENGTH) {
      throw new WeakPasswordError(`The password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      throw new WeakPasswordError(`The password must have at most ${PASSWORD_MAX_LENGTH} characters.`);
    }
  },
};
