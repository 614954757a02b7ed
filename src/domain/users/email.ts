import { InvalidEmailError } from './errors.js';

// Deliberately permissive (RFC 5322 is not a regex): one @, a dotted domain, no spaces.
// Deliverability is proven by a verification mail, not by syntax.
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
// PostgreSQL text cannot store NUL: such an address is invalid input, not a database error. (Only NUL:
// a wider rule could make addresses already stored unreadable, since rows are parsed back through here.)
const NUL = '\u0000';

export class Email {
  private constructor(readonly value: string) {}

  static parse(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length > 254 || !EMAIL_RE.test(value) || value.includes(NUL)) throw new InvalidEmailError();
    return new Email(value);
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }
}
