import type { RequestHandler, Response } from 'express';
import type { Authenticate, Principal } from '../../application/users/authenticate.js';
import { ForbiddenError, InvalidTokenError } from '../../application/users/errors.js';
import type { User } from '../../domain/users/user.js';

interface AuthLocals {
  principal?: Principal;
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i;

export function requireAuth(authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    // Already authenticated by an earlier guard on the same request (the batch route authenticates
    // before its larger body parser, then passes through the documents router's guard).
    if ((res.locals as AuthLocals).principal) {
      next();
      return;
    }
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw new InvalidTokenError('Not authenticated.');
    (res.locals as AuthLocals).principal = await authenticate.execute(match[1]);
    next();
  };
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!currentUser(res).isAdmin) throw new ForbiddenError();
  next();
};

/** The principal requireAuth resolved; calling it on an unauthenticated route is a programming error. */
export function currentPrincipal(res: Response): Principal {
  const principal = (res.locals as AuthLocals).principal;
  if (!principal) throw new Error('currentPrincipal() used on a route without requireAuth');
  return principal;
}

export function currentUser(res: Response): User {
  return currentPrincipal(res).user;
}
