export interface PasswordBlocklist {
  /** True for passwords found in lists of commonly used (and so first-guessed) passwords. */
  isCommon(password: string): boolean;
}
