import type { Email } from '../../../domain/users/email.js';
import type { NewUser, User, UserChanges } from '../../../domain/users/user.js';
import type { Page, PageResult } from '../../shared/page.js';

export interface UserRepository {
  /** null, never a throw, when absent. */
  findById(id: number): Promise<User | null>;
  findByEmail(email: Email): Promise<User | null>;
  /** Throws EmailTakenError when the email is already used (decided by the store, not a pre-check). */
  insert(user: NewUser): Promise<User>;
  /** null when absent; throws EmailTakenError on a duplicate email. */
  update(id: number, changes: UserChanges, at: Date): Promise<User | null>;
  /**
   * Swaps the password hash only while it is still `current`, keeping updated_at: a rehash must
   * not undo a password change made since the hash was read. false when it was not swapped.
   */
  replacePasswordHash(id: number, current: string, next: string): Promise<boolean>;
  /** false when absent. */
  delete(id: number): Promise<boolean>;
  /** Ordered by id. */
  list(page: Page): Promise<PageResult<User>>;
}
