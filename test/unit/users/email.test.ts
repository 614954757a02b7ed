import { describe, expect, it } from 'vitest';
import { Email } from '../../../src/domain/users/email.js';
import { InvalidEmailError } from '../../../src/domain/users/errors.js';

/** An address of exactly `length` characters: a 64-character local part and a long domain. */
function addressOfLength(length: number): string {
  const local = 'l'.repeat(64);
  return `${local}@${'d'.repeat(length - local.length - 1 - '.com'.length)}.com`;
}

describe('Email.parse', () => {
  it('when the address has spaces around and capitals, then it is trimmed and lower-cased', () => {
    expect(Email.parse('  Ada.Lovelace+tag@Example.CO.uk \n').value).toBe('ada.lovelace+tag@example.co.uk');
  });

  it('when two inputs differ only in case, then the emails are equal', () => {
    expect(Email.parse('ADA@example.com').equals(Email.parse('ada@EXAMPLE.com'))).toBe(true);
    expect(Email.parse('ada@example.com').equals(Email.parse('bob@example.com'))).toBe(false);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@@example.com'],
    ['an @ in the domain', 'ada@exa@mple.com'],
    ['a space in the local part', 'ada lovelace@example.com'],
    ['a space in the domain', 'ada@exam ple.com'],
    ['a tab inside', 'ada\t@example.com'],
    ['no local part', '@example.com'],
    ['no domain', 'ada@'],
    ['a domain without a dot', 'ada@localhost'],
    ['an empty domain label', 'ada@example..com'],
    ['a trailing dot', 'ada@example.com.'],
    ['only spaces', '   '],
    ['nothing', ''],
  ])('when the address has %s, then InvalidEmailError', (_label, raw) => {
    expect(() => Email.parse(raw)).toThrow(InvalidEmailError);
  });

  it('when the address has 254 characters, then it is accepted', () => {
    const raw = addressOfLength(254);
    expect(raw).toHaveLength(254);
    expect(Email.parse(raw).value).toBe(raw);
  });

  it('when the address has 255 characters, then InvalidEmailError', () => {
    const raw = addressOfLength(255);
    expect(raw).toHaveLength(255);
    expect(() => Email.parse(raw)).toThrow(InvalidEmailError);
  });

  it('when only the surrounding spaces make it longer than 254, then it is accepted after trimming', () => {
    const raw = addressOfLength(254);
    expect(Email.parse(`   ${raw}   `).value).toBe(raw);
  });

  it('when the local part has more than 64 characters, then InvalidEmailError', () => {
    expect(() => Email.parse(`${'l'.repeat(65)}@example.com`)).toThrow(InvalidEmailError);
    expect(Email.parse(`${'l'.repeat(64)}@example.com`).value).toHaveLength(64 + '@example.com'.length);
  });
});
