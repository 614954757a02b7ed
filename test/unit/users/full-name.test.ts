import { describe, expect, it } from 'vitest';
import { InvalidFullNameError } from '../../../src/domain/users/errors.js';
import { parseFullName } from '../../../src/domain/users/full-name.js';

describe('parseFullName', () => {
  it('when the name is null, then null', () => {
    expect(parseFullName(null)).toBeNull();
  });

  it('when the name has spaces around, then it is trimmed', () => {
    expect(parseFullName('  Ada Lovelace \t')).toBe('Ada Lovelace');
  });

  it.each(['', '   ', '\n\t'])('when the name is blank (%j), then null', (raw) => {
    expect(parseFullName(raw)).toBeNull();
  });

  it('when the name has 255 characters, then it is kept', () => {
    expect(parseFullName('n'.repeat(255))).toBe('n'.repeat(255));
  });

  it('when the name has 256 characters, then InvalidFullNameError', () => {
    expect(() => parseFullName('n'.repeat(256))).toThrow(InvalidFullNameError);
  });

  it('when only surrounding spaces exceed 255, then the trimmed name is kept', () => {
    expect(parseFullName(`  ${'n'.repeat(255)}  `)).toBe('n'.repeat(255));
  });
});
