import { UserNotFoundError } from '../../domain/users/errors.js';
import type { UserRepository } from './ports/user-repository.js';

export class DeleteUser {
  constructor(private readonly users: UserRepository) {}

  async execute(cmd: { actorId: number; userId: number }): Promise<void> {
    const target = await this.users.findById(cmd.userId);
    if (!target) throw new UserNotFoundError();
    target.assertAdminMayDelete(cmd.actorId);
    if (!(await this.users.delete(target.id))) throw new UserNotFoundError();
  }
}
