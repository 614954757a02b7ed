import type { RequestHandler, Response } from 'express';

/** A bounded label for requests that match no known route, so metrics never carry a raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

interface Pattern {
  label: string;
  regex: RegExp;
  params: number;
}

/**
 * Maps a request URL (give it `req.originalUrl`: Express rewrites `req.url` inside routers) to the route template it matches: OpenAPI `{id}` templates come out as
 * `/users/:id`, a trailing `/*` covers a whole subtree (static assets). Matching the documented
 * templates up front, rather than reading Express's `req.route` afterwards, also labels requests that
 * a middleware answered before any route ran (a 401 from the auth guard).
 */
export function routeLabeller(templates: string[]): (url: string) => string {
  // Fewer parameters first, so a literal segment wins: /users/me before /users/{id}.
  const patterns = templates.map(compile).sort((a, b) => a.params - b.params);
  return (url) => {
    const path = url.split('?', 1)[0] ?? '';
    return patterns.find((p) => p.regex.test(path))?.label ?? UNMATCHED_ROUTE;
  };
}

interface RouteLocals {
  route?: string;
}

/** Labels each request once, on arrival, for the request log, the metrics and the method check to share. */
export function labelRoutes(routeOf: (url: string) => string): RequestHandler {
  return (req, res, next) => {
    (res.locals as RouteLocals).route = routeOf(req.originalUrl);
    next();
  };
}

/** The route template `labelRoutes` gave this request. */
export function routeOfRequest(res: Response): string {
  return (res.locals as RouteLocals).route ?? UNMATCHED_ROUTE;
}

function compile(template: string): Pattern {
  const subtree = template.endsWith('/*');
  const segments = (subtree ? template.slice(0, -2) : template).split('/');
  const params = segments.filter((s) => /^\{\w+\}$/.test(s)).length;
  const source = segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/');
  // Express routes are case-insensitive and tolerate a trailing slash; the labels must agree.
  const regex = new RegExp(`^${source}${subtree ? '(/.*)?' : '/?'}$`, 'i');
  return { label: routeLabel(template), regex, params };
}

/** The label of an OpenAPI template, as `routeLabeller` gives it for URLs matching the template. */
export function routeLabel(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
