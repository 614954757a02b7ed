import { CommonPasswordError } from '../../domain/users/errors.js';
import { PasswordPolicy } from '../../domain/users/password-policy.js';
import type { PasswordBlocklist } from './ports/password-blocklist.js';
import type { PasswordHasher } from './ports/password-hasher.js';

/** Every password a person chooses passes the same gate: policy, then the common-password list, then the hasher. */
export class NewPassword {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly blocklist: PasswordBlocklist,
  ) {}

  async hash(password: string): Promise<string> {
    PasswordPolicy.check(password);
    if (this.blocklist.isCommon(password)) throw new CommonPasswordError();
    return this.hasher.hash(password);
  }
}
