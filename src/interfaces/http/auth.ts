import type { RequestHandler, Response } from 'express';
import type { Authenticate } from '../../application/users/authenticate.js';
import { ForbiddenError, InvalidTokenError } from '../../application/users/errors.js';
import type { User } from '../../domain/users/user.js';

interface AuthLocals {
  user?: User;
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i;

export function requireAuth(authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw new InvalidTokenError('Not authenticated.');
    (res.locals as AuthLocals).user = await authenticate.execute(match[1]);
    next();
  };
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!currentUser(res).isAdmin) throw new ForbiddenError();
  next();
};

/** The user requireAuth resolved; calling it on an unauthenticated route is a programming error. */
export function currentUser(res: Response): User {
  const user = (res.locals as AuthLocals).user;
  if (!user) throw new Error('currentUser() used on a route without requireAuth');
  return user;
}
