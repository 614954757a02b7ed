import { type Request, Router } from 'express';
import type { Login } from '../../../application/users/login.js';
import type { TokenPair } from '../../../application/users/ports/token-service.js';
import type { RefreshToken } from '../../../application/users/refresh-token.js';
import type { RegisterUser } from '../../../application/users/register-user.js';
import { parseInput } from '../validate.js';
import { LoginFormBody, LoginJsonBody, RefreshBody, RegisterBody, toUserResponse } from './users.schemas.js';

export interface AuthUseCases {
  registerUser: RegisterUser;
  login: Login;
  refreshToken: RefreshToken;
}

const toTokenResponse = (pair: TokenPair) => ({
  access_token: pair.accessToken,
  refresh_token: pair.refreshToken,
  token_type: 'bearer' as const,
  expires_in: pair.expiresIn,
});

function loginCredentials(req: Request): { email: string; password: string } {
  if (req.is('application/x-www-form-urlencoded')) {
    const form = parseInput(LoginFormBody, req.body, 'body');
    return { email: form.username, password: form.password };
  }
  return parseInput(LoginJsonBody, req.body, 'body');
}

export function authRoutes(uc: AuthUseCases): Router {
  const r = Router();

  r.post('/auth/register', async (req, res) => {
    const body = parseInput(RegisterBody, req.body, 'body');
    const user = await uc.registerUser.execute({ email: body.email, password: body.password, fullName: body.full_name ?? null });
    res.status(201).location(`${req.baseUrl}/users/${user.id}`).json(toUserResponse(user));
  });

  r.post('/auth/login', async (req, res) => {
    const pair = await uc.login.execute(loginCredentials(req));
    // RFC 6749 §5.1: token responses must not be cached.
    res.set('Cache-Control', 'no-store').json(toTokenResponse(pair));
  });

  r.post('/auth/refresh', async (req, res) => {
    const body = parseInput(RefreshBody, req.body, 'body');
    const pair = await uc.refreshToken.execute(body.refresh_token);
    res.set('Cache-Control', 'no-store').json(toTokenResponse(pair));
  });

  return r;
}
