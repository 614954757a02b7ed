import { dictionary } from '@zxcvbn-ts/language-common';
import type { PasswordBlocklist } from '../../application/users/ports/password-blocklist.js';
import { PASSWORD_MIN_LENGTH } from '../../domain/users/password-policy.js';

/**
 * zxcvbn-ts's list of the most used passwords (from breach corpora), shipped in the package: no
 * network look-up. Entries shorter than the policy's minimum can never be chosen, so they are dropped.
 */
export class CommonPasswordBlocklist implements PasswordBlocklist {
  private readonly common = new Set(
    dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN_LENGTH).map((p) => p.toLowerCase()),
  );

  isCommon(password: string): boolean {
    return this.common.has(password.toLowerCase());
  }
}
