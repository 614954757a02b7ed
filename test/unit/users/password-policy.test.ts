import { describe, expect, it } from 'vitest';
import { WeakPasswordError } from '../../../src/domain/users/errors.js';
import { PasswordPolicy } from '../../../src/domain/users/password-policy.js';

const EMOJI = '\u{1F600}'; // one character, two UTF-16 code units

describe('PasswordPolicy.check', () => {
  it.each([8, 9, 64, 127, 128])('when the password has %d characters, then it passes', (n) => {
    expect(() => { PasswordPolicy.check('p'.repeat(n)); }).not.toThrow();
  });

  it.each([0, 1, 7])('when the password has %d characters, then WeakPasswordError naming the minimum', (n) => {
    expect(() => { PasswordPolicy.check('p'.repeat(n)); }).toThrow(WeakPasswordError);
    expect(() => { PasswordPolicy.check('p'.repeat(n)); }).toThrow(/8/);
  });

  it.each([129, 1000])('when the password has %d characters, then WeakPasswordError naming the maximum', (n) => {
    expect(() => { PasswordPolicy.check('p'.repeat(n)); }).toThrow(WeakPasswordError);
    expect(() => { PasswordPolicy.check('p'.repeat(n)); }).toThrow(/128/);
  });

  it('when the password is 4 emoji (8 UTF-16 units), then it is too short: an emoji counts as one', () => {
    expect(EMOJI.repeat(4)).toHaveLength(8);
    expect(() => { PasswordPolicy.check(EMOJI.repeat(4)); }).toThrow(WeakPasswordError);
  });

  it('when the password is 128 emoji (256 UTF-16 units), then it passes: an emoji counts as one', () => {
    expect(() => { PasswordPolicy.check(EMOJI.repeat(128)); }).not.toThrow();
  });

  it('when the password is 129 emoji, then WeakPasswordError', () => {
    expect(() => { PasswordPolicy.check(EMOJI.repeat(129)); }).toThrow(WeakPasswordError);
  });

  it('when the password has spaces only but enough of them, then it passes (no composition rules)', () => {
    expect(() => { PasswordPolicy.check(' '.repeat(8)); }).not.toThrow();
  });
});
