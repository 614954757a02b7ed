import { InvalidFullNameError } from './errors.js';

export const FULL_NAME_MAX_LENGTH = 255;

/** Normalises an optional display name: blank means none. */
export function parseFullName(raw: string | null): string | null {
  if (raw === null) return null;
  const value = raw.trim();
  if (value.length === 0) return null;
  if (value.length > FULL_NAME_MAX_LENGTH) {
    throw new InvalidFullNameError(`The full name must have at most ${FULL_NAME_MAX_LENGTH} characters.`);
  }
  // PostgreSQL text cannot store NUL: refused here as invalid input, not later as a database error.
  if (value.includes('\u0000')) throw new InvalidFullNameError('The full name must not contain the NUL character.');
  return value;
}
