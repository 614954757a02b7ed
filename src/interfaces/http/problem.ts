import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { type ZodError } from 'zod';
import type { InvalidResetTokenError, InvalidVerificationTokenError } from '../../application/accounts/errors.js';
import {
  type EmailNotVerifiedError,
  type ForbiddenError,
  type InactiveUserError,
  type InvalidCredentialsError,
  type InvalidCurrentPasswordError,
  type InvalidTokenError,
  TooManyAttemptsError,
} from '../../application/users/errors.js';
import type { SessionNotFoundError } from '../../domain/sessions/errors.js';
import type {
  EmbeddingProviderFailedError,
  EmbeddingProviderUnavailableError,
  EmbeddingRequiredError,
  QueryNeedsProviderError,
} from '../../application/documents/errors.js';
import type {
  DocumentNotFoundError,
  InvalidBatchError,
  OwnerNotFoundError,
  InvalidContentError,
  InvalidEmbeddingError,
  InvalidFilterError,
  InvalidMetadataError,
  InvalidMinScoreError,
  InvalidSearchLimitError,
} from '../../domain/documents/errors.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { routeOfRequest } from './observability/route-label.js';
import type {
  CommonPasswordError,
  EmailTakenError,
  InvalidEmailError,
  InvalidFullNameError,
  SelfChangeForbiddenError,
  UserNotFoundError,
  WeakPasswordError,
} from '../../domain/users/errors.js';

type ErrorCode = (
  | EmailTakenError
  | InvalidEmailError
  | InvalidFullNameError
  | SelfChangeForbiddenError
  | UserNotFoundError
  | WeakPasswordError
  | InvalidCredentialsError
  | InactiveUserError
  | InvalidTokenError
  | ForbiddenError
  | CommonPasswordError
  | InvalidCurrentPasswordError
  | TooManyAttemptsError
  | SessionNotFoundError
  | InvalidEmbeddingError
  | InvalidContentError
  | InvalidMetadataError
  | InvalidBatchError
  | DocumentNotFoundError
  | OwnerNotFoundError
  | InvalidSearchLimitError
  | InvalidFilterError
  | InvalidMinScoreError
  | EmbeddingRequiredError
  | QueryNeedsProviderError
  | EmbeddingProviderFailedError
  | EmbeddingProviderUnavailableError
  | EmailNotVerifiedError
  | InvalidResetTokenError
  | InvalidVerificationTokenError
)['code'];

// The one place that knows HTTP statuses. A new error code fails typecheck until it is mapped here.
const STATUS = {
  'user.invalid_email': 422,
  'user.invalid_password': 422,
  'user.invalid_full_name': 422,
  'user.email_taken': 409,
  'user.not_found': 404,
  'user.self_change': 403,
  'auth.invalid_credentials': 401,
  'auth.inactive_user': 403,
  'auth.invalid_token': 401,
  'auth.forbidden': 403,
  'user.common_password': 422,
  'auth.invalid_current_password': 400,
  'auth.too_many_attempts': 429,
  'session.not_found': 404,
  'document.invalid_embedding': 422,
  'document.invalid_content': 422,
  'document.invalid_metadata': 422,
  'document.invalid_batch': 422,
  'document.embedding_required': 422,
  'document.not_found': 404,
  // The caller's own account vanished mid-request: its credentials no longer name anyone.
  'document.owner_not_found': 401,
  'search.invalid_k': 422,
  'search.invalid_filter': 422,
  'search.invalid_min_score': 422,
  'search.query_needs_provider': 422,
  // The provider is our upstream: a refusal or nonsense is a bad gateway, an outage a 503.
  'embedding.provider_failed': 502,
  'embedding.provider_unavailable': 503,
  'auth.email_not_verified': 403,
  'auth.invalid_reset_token': 400,
  'auth.invalid_verification_token': 400,
} as const satisfies Record<ErrorCode, number>;

// Domain validation errors name the request field they are about.
const FIELD: Partial<Record<ErrorCode, string>> = {
  'user.invalid_email': 'email',
  'user.invalid_password': 'password',
  'user.invalid_full_name': 'full_name',
  'user.common_password': 'password',
  'auth.invalid_current_password': 'current_password',
  'document.invalid_embedding': 'embedding',
  'document.invalid_content': 'content',
  'document.invalid_metadata': 'metadata',
  'document.invalid_batch': 'documents',
  'document.embedding_required': 'embedding',
  'search.invalid_k': 'k',
  'search.invalid_filter': 'filter',
  'search.invalid_min_score': 'min_score',
  'search.query_needs_provider': 'query',
  'auth.invalid_reset_token': 'token',
  'auth.invalid_verification_token': 'token',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface FieldError {
  location: 'body' | 'query' | 'path';
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
}

type ProblemInput = Omit<Problem, 'type' | 'title'> & { type?: string };

/** The problem as sent: a default type, and the title of its status. */
function withDefaults(problem: ProblemInput): Problem {
  return { type: 'about:blank', title: TITLES[problem.status] ?? 'Error', ...problem };
}

export function sendProblem(res: Response, problem: ProblemInput): void {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(problem.status).type('application/problem+json').json(withDefaults(problem));
}

/** A problem as raw text, for answers written straight to a socket (no Express response exists). */
export function problemText(status: number, detail: string): { statusLine: string; body: string } {
  const problem = withDefaults({ status, detail });
  return { statusLine: `${status} ${problem.title}`, body: JSON.stringify(problem) };
}

/** Marks a ZodError with where the parsed input came from, for the `errors` list. */
export class RequestValidationError extends Error {
  constructor(
    readonly location: FieldError['location'],
    readonly zodError: ZodError,
  ) {
    super('Request validation failed');
  }
}

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(STATUS, code);
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, { status: 404, detail: `No route for ${req.method} ${req.path}.` });
};

/**
 * A known path asked with a method it does not serve: 405 with the `Allow` header HTTP requires, so a
 * client sees that the path is right and the method wrong. `methodsByRoute` gives each route
 * template's methods; a path no route serves goes on to the 404 handler.
 */
export function methodNotAllowedHandler(methodsByRoute: ReadonlyMap<string, readonly string[]>): RequestHandler {
  return (req, res, next) => {
    const allowed = methodsByRoute.get(routeOfRequest(res));
    if (allowed === undefined || allowed.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    sendProblem(res, { status: 405, detail: `${req.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}.` });
  };
}

export interface ErrorHandlerOptions {
  /** Recognises an outage of a dependency (the database): answered 503, logged as a warning. */
  isUnavailable: (err: unknown) => boolean;
  /** Both get the request too, so the log line carries its request id. */
  onUnavailable: (err: unknown, req: Request) => void;
  onUnexpected: (err: unknown, req: Request) => void;
}

interface FieldLocals {
  fieldNames?: Record<string, string>;
}

/**
 * For a route whose body names a field differently from the domain's default: the new password of a
 * password change or reset is `new_password`, so a weak one is reported under that name.
 */
export const NEW_PASSWORD = { password: 'new_password' } as const;

export function fieldNames(names: Record<string, string>): RequestHandler {
  return (_req, res, next) => {
    (res.locals as FieldLocals).fieldNames = names;
    next();
  };
}

export function errorHandler(opts: ErrorHandlerOptions): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = knownProblem(err, (res.locals as FieldLocals).fieldNames ?? {});
    if (err instanceof TooManyAttemptsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (known) {
      sendProblem(res, known);
    } else if (opts.isUnavailable(err)) {
      opts.onUnavailable(err, req);
      res.setHeader('Retry-After', '5');
      sendProblem(res, { status: 503, detail: 'The service is temporarily unavailable. Try again shortly.' });
    } else {
      opts.onUnexpected(err, req);
      sendProblem(res, { status: 500, detail: 'An unexpected error occurred.' });
    }
  };
}

const MAX_FIELD_ERRORS = 100;

/** The problem for errors we expect (validation, domain rules, body parsing); null for the rest. */
function knownProblem(err: unknown, fieldNamesOfRoute: Record<string, string>): ProblemInput | null {
  if (err instanceof RequestValidationError) {
    // An unknown key is reported under its own name, so a client matching errors by field sees it.
    // Each gets a message naming only itself: zod's message names every unknown key, and repeating it
    // per key made the answer quadratic in the request (1,000 keys in 10 KB gave a 10 MB answer).
    const errors = err.zodError.issues.flatMap((i) => {
      if (i.code !== 'unrecognized_keys') {
        return [{ location: err.location, field: i.path.join('.') || '(root)', message: i.message }];
      }
      return i.keys.map((key) => ({
        location: err.location,
        field: [...i.path, key].join('.'),
        message: `Unrecognized key: ${JSON.stringify(key)}`,
      }));
    });
    // A hostile body can carry tens of thousands of unknown keys; the answer lists a bounded number.
    if (errors.length > MAX_FIELD_ERRORS) {
      return {
        status: 422,
        detail: `The request is not valid. The first ${MAX_FIELD_ERRORS} of ${errors.length} problems are listed.`,
        errors: errors.slice(0, MAX_FIELD_ERRORS),
      };
    }
    return { status: 422, detail: 'The request is not valid.', errors };
  }
  if (err instanceof DomainError && isKnownCode(err.code)) {
    const defaultField = FIELD[err.code];
    const field = defaultField && (fieldNamesOfRoute[defaultField] ?? defaultField);
    return {
      type: `urn:seed-api:problem:${err.code}`,
      status: STATUS[err.code],
      detail: err.message,
      code: err.code,
      ...(field ? { errors: [{ location: 'body' as const, field, message: err.message }] } : {}),
    };
  }
  const http = (err ?? {}) as HttpLikeError;
  const status = http.status ?? http.statusCode;
  // body-parser's own errors (malformed JSON, too large, bad charset) carry a 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, detail: bodyParserDetail(http.type, status) };
  }
  return null;
}

function bodyParserDetail(type: string | undefined, status: number): string {
  switch (type) {
    case 'entity.parse.failed':
      return 'The request body is not valid JSON.';
    case 'entity.too.large':
      return 'The request body is larger than the limit.';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'The request body encoding is not supported.';
    default:
      return TITLES[status] ?? 'The request could not be processed.';
  }
}
