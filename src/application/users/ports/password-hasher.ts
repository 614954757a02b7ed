export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** false for a wrong password or an unreadable hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than those hash() uses now. */
  needsRehash(hash: string): boolean;
}
