import type { Page, PageResult } from '../../application/shared/page.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';
import type { Email } from '../../domain/users/email.js';
import { EmailTakenError } from '../../domain/users/errors.js';
import { type NewUser, User, type UserChanges, type UserProps } from '../../domain/users/user.js';

/** For unit tests of use cases; held to the same contract suite as the pg adapter. */
export class InMemoryUserRepository implements UserRepository {
  private readonly rows = new Map<number, UserProps>();
  private nextId = 1;

  findById(id: number): Promise<User | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? User.restore(row) : null);
  }

  findByEmail(email: Email): Promise<User | null> {
    const row = this.byEmail(email);
    return Promise.resolve(row ? User.restore(row) : null);
  }

  insert(user: NewUser): Promise<User> {
    if (this.byEmail(user.email)) return Promise.reject(new EmailTakenError());
    const row: UserProps = { ...user, id: this.nextId++ };
    this.rows.set(row.id, row);
    return Promise.resolve(User.restore(row));
  }

  update(id: number, changes: UserChanges, at: Date): Promise<User | null> {
    const row = this.rows.get(id);
    if (!row) return Promise.resolve(null);
    const owner = changes.email ? this.byEmail(changes.email) : undefined;
    if (owner && owner.id !== id) return Promise.reject(new EmailTakenError());
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const next: UserProps = { ...row, ...defined, updatedAt: at };
    this.rows.set(id, next);
    return Promise.resolve(User.restore(next));
  }

  replacePasswordHash(id: number, current: string, next: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (row?.passwordHash !== current) return Promise.resolve(false);
    this.rows.set(id, { ...row, passwordHash: next });
    return Promise.resolve(true);
  }

  delete(id: number): Promise<boolean> {
    return Promise.resolve(this.rows.delete(id));
  }

  list(page: Page): Promise<PageResult<User>> {
    const all = [...this.rows.values()].sort((a, b) => a.id - b.id);
    return Promise.resolve({
      items: all.slice(page.skip, page.skip + page.limit).map((r) => User.restore(r)),
      total: all.length,
    });
  }

  private byEmail(email: Email): UserProps | undefined {
    return [...this.rows.values()].find((r) => r.email.equals(email));
  }
}
