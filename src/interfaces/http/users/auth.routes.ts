import { type Request, type RequestHandler, Router } from 'express';
import type { LogoutAll } from '../../../application/sessions/logout-all.js';
import type { Logout } from '../../../application/sessions/logout.js';
import type { Login } from '../../../application/users/login.js';
import type { TokenPair } from '../../../application/users/ports/token-service.js';
import type { RefreshToken } from '../../../application/users/refresh-token.js';
import type { RegisterUser } from '../../../application/users/register-user.js';
import { currentPrincipal, currentUser } from '../auth.js';
import { type RequestLimiter, limitByIp } from '../rate-limit.js';
import { parseInput } from '../validate.js';
import { LoginFormBody, LoginJsonBody, LogoutBody, RefreshBody, RegisterBody, toUserResponse } from './users.schemas.js';

export interface AuthUseCases {
  registerUser: RegisterUser;
  login: Login;
  refreshToken: RefreshToken;
  logout: Logout;
  logoutAll: LogoutAll;
}

export interface AuthLimiters {
  login: RequestLimiter | null;
  register: RequestLimiter | null;
  refresh: RequestLimiter | null;
}

const toTokenResponse = (pair: TokenPair) => ({
  access_token: pair.accessToken,
  refresh_token: pair.refreshToken,
  token_type: 'bearer' as const,
  expires_in: pair.expiresIn,
});

// Session metadata is shown back to its owner only; bounded so a client cannot store megabytes.
const USER_AGENT_MAX = 512;

function loginCommand(req: Request) {
  const client = { userAgent: req.get('user-agent')?.slice(0, USER_AGENT_MAX) ?? null, ip: req.ip ?? null };
  if (req.is('application/x-www-form-urlencoded')) {
    const form = parseInput(LoginFormBody, req.body, 'body');
    return { email: form.username, password: form.password, ...client };
  }
  return { ...parseInput(LoginJsonBody, req.body, 'body'), ...client };
}

export function authRoutes(uc: AuthUseCases, limiters: AuthLimiters, requireAuth: RequestHandler): Router {
  const r = Router();

  r.post('/auth/register', limitByIp(limiters.register), async (req, res) => {
    const body = parseInput(RegisterBody, req.body, 'body');
    const user = await uc.registerUser.execute({ email: body.email, password: body.password, fullName: body.full_name ?? null });
    res.status(201).location(`${req.baseUrl}/users/${user.id}`).json(toUserResponse(user));
  });

  r.post('/auth/login', limitByIp(limiters.login), async (req, res) => {
    const pair = await uc.login.execute(loginCommand(req));
    // RFC 6749 §5.1: token responses must not be cached.
    res.set('Cache-Control', 'no-store').json(toTokenResponse(pair));
  });

  r.post('/auth/refresh', limitByIp(limiters.refresh), async (req, res) => {
    const body = parseInput(RefreshBody, req.body, 'body');
    const pair = await uc.refreshToken.execute(body.refresh_token);
    res.set('Cache-Control', 'no-store').json(toTokenResponse(pair));
  });

  r.post('/auth/logout', requireAuth, async (req, res) => {
    const body = parseInput(LogoutBody, req.body, 'body');
    await uc.logout.execute(currentPrincipal(res), body.refresh_token);
    res.status(204).end();
  });

  r.post('/auth/logout-all', requireAuth, async (_req, res) => {
    await uc.logoutAll.execute(currentUser(res).id);
    res.status(204).end();
  });

  return r;
}
