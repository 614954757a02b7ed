import type { User } from '../../domain/users/user.js';
import type { Page, PageResult } from '../shared/page.js';
import type { UserRepository } from './ports/user-repository.js';

export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  execute(page: Page): Promise<PageResult<User>> {
    return this.users.list(page);
  }
}
