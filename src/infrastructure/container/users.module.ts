import { ContainerModule } from 'inversify';
import { Authenticate } from '../../application/users/authenticate.js';
import { DeleteUser } from '../../application/users/delete-user.js';
import { EnsureAdmin } from '../../application/users/ensure-admin.js';
import { GetUser } from '../../application/users/get-user.js';
import { ListUsers } from '../../application/users/list-users.js';
import { Login } from '../../application/users/login.js';
import { RefreshToken } from '../../application/users/refresh-token.js';
import { RegisterUser } from '../../application/users/register-user.js';
import { UpdateMe } from '../../application/users/update-me.js';
import { UpdateUser } from '../../application/users/update-user.js';
import { Argon2PasswordHasher } from '../security/argon2-password-hasher.js';
import { JoseTokenService } from '../security/jose-token-service.js';
import { PgUserRepository } from '../users/pg-user-repository.js';
import { TOKENS } from './tokens.js';

// Factories keep inversify (and decorators) out of domain and application.
export const usersModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.UserRepository).toDynamicValue((c) => new PgUserRepository(c.get(TOKENS.Pool))).inSingletonScope();
  bind(TOKENS.PasswordHasher).toConstantValue(new Argon2PasswordHasher());
  bind(TOKENS.TokenService)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      return new JoseTokenService(
        {
          secret: cfg.SECRET_KEY,
          issuer: cfg.JWT_ISSUER,
          audience: cfg.JWT_AUDIENCE,
          accessTtlSeconds: cfg.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
          refreshTtlSeconds: cfg.REFRESH_TOKEN_EXPIRE_DAYS * 86_400,
        },
        c.get(TOKENS.Clock),
      );
    })
    .inSingletonScope();

  const users = TOKENS.UserRepository;
  bind(RegisterUser).toDynamicValue((c) => new RegisterUser(c.get(users), c.get(TOKENS.PasswordHasher), c.get(TOKENS.Clock))).inSingletonScope();
  bind(Login).toDynamicValue((c) => new Login(c.get(users), c.get(TOKENS.PasswordHasher), c.get(TOKENS.TokenService))).inSingletonScope();
  bind(RefreshToken).toDynamicValue((c) => new RefreshToken(c.get(users), c.get(TOKENS.TokenService))).inSingletonScope();
  bind(Authenticate).toDynamicValue((c) => new Authenticate(c.get(users), c.get(TOKENS.TokenService))).inSingletonScope();
  bind(GetUser).toDynamicValue((c) => new GetUser(c.get(users))).inSingletonScope();
  bind(ListUsers).toDynamicValue((c) => new ListUsers(c.get(users))).inSingletonScope();
  bind(UpdateUser).toDynamicValue((c) => new UpdateUser(c.get(users), c.get(TOKENS.PasswordHasher), c.get(TOKENS.Clock))).inSingletonScope();
  bind(UpdateMe).toDynamicValue((c) => new UpdateMe(c.get(users), c.get(TOKENS.Clock))).inSingletonScope();
  bind(DeleteUser).toDynamicValue((c) => new DeleteUser(c.get(users))).inSingletonScope();
  bind(EnsureAdmin).toDynamicValue((c) => new EnsureAdmin(c.get(users), c.get(RegisterUser), c.get(TOKENS.Clock))).inSingletonScope();
});
