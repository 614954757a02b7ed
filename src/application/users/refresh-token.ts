import { InvalidTokenError } from './errors.js';
import type { TokenPair, TokenService } from './ports/token-service.js';
import type { UserRepository } from './ports/user-repository.js';

export class RefreshToken {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const { userId } = await this.tokens.verifyRefresh(refreshToken);
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new InvalidTokenError();
    return this.tokens.issuePair(user.id);
  }
}
