import type { User } from '../../domain/users/user.js';
import { InvalidTokenError } from './errors.js';
import type { TokenService } from './ports/token-service.js';
import type { UserRepository } from './ports/user-repository.js';

/** Resolves an access token to its active user. */
export class Authenticate {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
  ) {}

  async execute(accessToken: string): Promise<User> {
    const { userId } = await this.tokens.verifyAccess(accessToken);
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new InvalidTokenError();
    return user;
  }
}
