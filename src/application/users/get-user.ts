import { UserNotFoundError } from '../../domain/users/errors.js';
import type { User } from '../../domain/users/user.js';
import type { UserRepository } from './ports/user-repository.js';

export class GetUser {
  constructor(private readonly users: UserRepository) {}

  async execute(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError();
    return user;
  }
}
