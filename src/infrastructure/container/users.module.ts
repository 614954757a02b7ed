import { ContainerModule, type ResolutionContext } from 'inversify';
import { SendVerificationEmail } from '../../application/accounts/send-verification-email.js';
import { ListSessions } from '../../application/sessions/list-sessions.js';
import { LogoutAll } from '../../application/sessions/logout-all.js';
import { Logout } from '../../application/sessions/logout.js';
import { RevokeSession } from '../../application/sessions/revoke-session.js';
import { Authenticate } from '../../application/users/authenticate.js';
import { ChangePassword } from '../../application/users/change-password.js';
import { DeleteUser } from '../../application/users/delete-user.js';
import { EnsureAdmin } from '../../application/users/ensure-admin.js';
import { GetUser } from '../../application/users/get-user.js';
import { ListUsers } from '../../application/users/list-users.js';
import { Login } from '../../application/users/login.js';
import { PasswordCheck } from '../../application/users/password-check.js';
import { NewPassword } from '../../application/users/new-password.js';
import { RefreshToken } from '../../application/users/refresh-token.js';
import { RegisterUser } from '../../application/users/register-user.js';
import { UpdateMe } from '../../application/users/update-me.js';
import { StartSession } from '../../application/users/start-session.js';
import { UpdateUser } from '../../application/users/update-user.js';
import { PgUnitOfWork } from '../database/pg-unit-of-work.js';
import { Argon2PasswordHasher } from '../security/argon2-password-hasher.js';
import { JoseTokenService } from '../security/jose-token-service.js';
import { PgSessionRepository } from '../sessions/pg-session-repository.js';
import { PgUserRepository } from '../users/pg-user-repository.js';
import { PeriodicJob } from '../scheduling/periodic-job.js';
import { SweepEndedSessions } from '../../application/sessions/sweep-ended-sessions.js';
import { TOKENS } from './tokens.js';

// Factories keep inversify (and decorators) out of domain and application.
export const usersModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.UserRepository).toDynamicValue((c) => new PgUserRepository(c.get(TOKENS.Pool))).inSingletonScope();
  const sessionOptions = (c: ResolutionContext) => ({ preparedStatements: c.get(TOKENS.Config).DB_PREPARED_STATEMENTS });
  bind(TOKENS.SessionRepository).toDynamicValue((c) => new PgSessionRepository(c.get(TOKENS.Pool), sessionOptions(c))).inSingletonScope();
  bind(TOKENS.UnitOfWork).toDynamicValue((c) => new PgUnitOfWork(c.get(TOKENS.Pool), sessionOptions(c))).inSingletonScope();
  bind(TOKENS.SessionSweeper)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      const logger = c.get(TOKENS.Logger);
      const sweep = new SweepEndedSessions(c.get(TOKENS.SessionRepository), c.get(TOKENS.Clock), cfg.REFRESH_TOKEN_EXPIRE_DAYS * 86_400);
      return new PeriodicJob('sweep ended sessions', cfg.SESSION_SWEEP_INTERVAL_MINUTES * 60_000, async () => {
        const deleted = await sweep.execute();
        if (deleted > 0) logger.info({ deleted }, 'ended sessions deleted');
      }, logger);
    })
    .inSingletonScope()
    .onDeactivation((job) => job.stop());
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
  const sessions = TOKENS.SessionRepository;
  const clock = TOKENS.Clock;
  bind(NewPassword).toDynamicValue((c) => new NewPassword(c.get(TOKENS.PasswordHasher), c.get(TOKENS.PasswordBlocklist))).inSingletonScope();
  bind(RegisterUser)
    .toDynamicValue((c) => new RegisterUser(c.get(users), c.get(NewPassword), c.get(clock), c.get(SendVerificationEmail)))
    .inSingletonScope();
  bind(StartSession)
    .toDynamicValue((c) => new StartSession(c.get(sessions), c.get(TOKENS.TokenService), c.get(clock), c.get(TOKENS.Config).REFRESH_TOKEN_EXPIRE_DAYS * 86_400))
    .inSingletonScope();
  bind(PasswordCheck).toDynamicValue((c) => new PasswordCheck(c.get(TOKENS.PasswordHasher), c.get(TOKENS.LoginThrottle))).inSingletonScope();
  bind(Login)
    .toDynamicValue((c) => new Login(
      c.get(users), c.get(TOKENS.PasswordHasher), c.get(PasswordCheck), c.get(StartSession), c.get(TOKENS.Config).REQUIRE_EMAIL_VERIFICATION,
    ))
    .inSingletonScope();
  bind(RefreshToken)
    .toDynamicValue((c) => new RefreshToken(c.get(TOKENS.UnitOfWork), c.get(TOKENS.TokenService), c.get(clock), c.get(TOKENS.Config).REFRESH_REUSE_GRACE_SECONDS))
    .inSingletonScope();
  bind(Authenticate).toDynamicValue((c) => new Authenticate(c.get(sessions), c.get(TOKENS.TokenService), c.get(clock))).inSingletonScope();
  bind(GetUser).toDynamicValue((c) => new GetUser(c.get(users))).inSingletonScope();
  bind(ListUsers).toDynamicValue((c) => new ListUsers(c.get(users))).inSingletonScope();
  bind(UpdateUser)
    .toDynamicValue((c) => new UpdateUser(c.get(users), c.get(TOKENS.UnitOfWork), c.get(NewPassword), c.get(clock), c.get(SendVerificationEmail)))
    .inSingletonScope();
  bind(UpdateMe).toDynamicValue((c) => new UpdateMe(c.get(users), c.get(clock), c.get(SendVerificationEmail))).inSingletonScope();
  bind(DeleteUser).toDynamicValue((c) => new DeleteUser(c.get(users))).inSingletonScope();
  bind(EnsureAdmin).toDynamicValue((c) => new EnsureAdmin(c.get(users), c.get(RegisterUser), c.get(clock))).inSingletonScope();
  bind(ChangePassword)
    .toDynamicValue((c) => new ChangePassword(c.get(TOKENS.UnitOfWork), c.get(PasswordCheck), c.get(NewPassword), c.get(clock)))
    .inSingletonScope();
  bind(Logout).toDynamicValue((c) => new Logout(c.get(sessions), c.get(TOKENS.TokenService), c.get(clock))).inSingletonScope();
  bind(LogoutAll).toDynamicValue((c) => new LogoutAll(c.get(sessions), c.get(clock))).inSingletonScope();
  bind(ListSessions).toDynamicValue((c) => new ListSessions(c.get(sessions), c.get(clock))).inSingletonScope();
  bind(RevokeSession).toDynamicValue((c) => new RevokeSession(c.get(sessions), c.get(clock))).inSingletonScope();
});
