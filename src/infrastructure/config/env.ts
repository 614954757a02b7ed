import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MAX_EMBEDDING_DIMENSION } from '../../domain/documents/embedding.js';

const DEFAULT_SECRET_MARKERS = ['changethis', 'change-me', 'changeme', 'secret'];
const MIN_SECRET_BYTES = 32;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

function blankAsUnset(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

// "points/seconds", e.g. "30/60" = 30 requests a minute.
const limit = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be POINTS/SECONDS, e.g. 30/60')
  .transform((v) => {
    const [points, seconds] = v.split('/').map(Number) as [number, number];
    return { points, seconds };
  })
  .refine((l) => l.points >= 1 && l.seconds >= 1, 'points and seconds must be at least 1');


const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

// Express's trust-proxy values: an IP or CIDR, or one of proxy-addr's named ranges.
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** An IP address, a CIDR whose prefix fits its family, or one of Express's named ranges. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  return rest.length === 0 && family !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits));
}
const PROXY_ADDRESS_HINT = 'must be true, false, a hop count, or IPs/CIDRs/loopback/linklocal/uniquelocal';

/** 'true'/'false', a hop count, or a comma list of trusted proxy addresses. */
function parseTrustProxy(raw: string): boolean | number | string[] {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((a) => a.trim()).filter((a) => a.length > 0);
}

// Account recovery and email verification, and the mail they send.
const MailEnv = {
  // Links in mails point at the frontend, which posts the token back to the API.
  FRONTEND_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000').transform((v) => v.replace(/\/+$/, '')),
  PASSWORD_RESET_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  EMAIL_VERIFY_EXPIRE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(48),
  REQUIRE_EMAIL_VERIFICATION: bool.default(false),
  SMTP_HOST: optionalText,
  SMTP_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(65535).default(587)),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  // implicit: TLS from the first byte (port 465); starttls: upgrade and refuse to send without it;
  // none: plain text, for a local catcher such as Mailpit.
  SMTP_TLS: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
  MAIL_FROM: z.string().trim().min(3).default('seed-api <no-reply@example.com>'),
  MAIL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  MAIL_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  RATE_LIMIT_PASSWORD_RESET_IP: limit.default({ points: 20, seconds: 3600 }),
  RATE_LIMIT_PASSWORD_RESET_ADDRESS: limit.default({ points: 3, seconds: 3600 }),
  RATE_LIMIT_VERIFY_RESEND_IP: limit.default({ points: 20, seconds: 3600 }),
  RATE_LIMIT_VERIFY_RESEND_ACCOUNT: limit.default({ points: 3, seconds: 3600 }),
};

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // An empty value must not coerce to 0 (a random port): blank means unset, as for every variable.
  PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).default(8000)),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: pretty only for a developer watching a terminal; JSON everywhere else.
  LOG_PRETTY: bool.optional(),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().min(1).default('./.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  // 0 sends no statement_timeout at all (e.g. behind PgBouncer, with the limit set on the role).
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // PostgreSQL truncates longer names; pg_stat_activity shows it, so operators can tell replicas' connections apart.
  DB_APPLICATION_NAME: z.string().min(1).max(63).default('seed-api'),
  // false behind a PgBouncer older than 1.21 (or with max_prepared_statements = 0) in transaction mode.
  DB_PREPARED_STATEMENTS: bool.default(true),
  MIGRATE_ON_START: bool.default(true),
  SECRET_KEY: optionalText,
  ACCESS_TOKEN_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(30),
  REFRESH_TOKEN_EXPIRE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // How often each replica deletes sessions that ended more than a refresh lifetime ago; 0 never.
  SESSION_SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  JWT_ISSUER: z.string().min(1).default('seed-api'),
  JWT_AUDIENCE: z.string().min(1).default('seed-api'),
  API_V1_PREFIX: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/, 'must start with / and not end with /')
    .default('/api/v1'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
    .pipe(z.array(z.union([z.url(), z.literal('*')]))),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform(parseTrustProxy)
    .pipe(z.union([z.boolean(), z.number().int(), z.array(z.string()).refine((a) => a.every(isProxyEntry), PROXY_ADDRESS_HINT)])),
  METRICS_TOKEN: optionalText,
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z.string().min(1).default('seed-api'),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_LOGIN_IP: limit.default({ points: 30, seconds: 60 }),
  RATE_LIMIT_LOGIN_ACCOUNT: limit.default({ points: 10, seconds: 60 }),
  RATE_LIMIT_REGISTER_IP: limit.default({ points: 30, seconds: 3600 }),
  RATE_LIMIT_REFRESH_IP: limit.default({ points: 60, seconds: 60 }),
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(0).max(1000).default(5),
  LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  FIRST_ADMIN_EMAIL: optionalText,
  FIRST_ADMIN_PASSWORD: optionalText,
  // Must equal the dimension of documents.embedding, which a migration fixes (checked at start-up).
  EMBEDDING_DIM: z.coerce.number().int().min(1).max(MAX_EMBEDDING_DIMENSION).default(384),
  // pgvector's own range for hnsw.ef_search.
  HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).default(40),
  EMBEDDING_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  EMBEDDING_API_KEY: optionalText,
  EMBEDDING_MODEL: optionalText,
  EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  EMBEDDING_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  ...MailEnv,
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, 'SECRET_KEY'> {
  SECRET_KEY: string;
  /** Set when the secret was generated for this process (development only). */
  secretGenerated: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (Boolean(env.FIRST_ADMIN_EMAIL) !== Boolean(env.FIRST_ADMIN_PASSWORD)) {
    problems.push('FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD must be set together');
  }
  if (env.EMBEDDING_API_URL && !env.EMBEDDING_MODEL) problems.push('EMBEDDING_MODEL is required when EMBEDDING_API_URL is set');
  if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASSWORD)) {
    problems.push('SMTP_USER and SMTP_PASSWORD must be set together');
  }
  // Production logs feed a pipeline that parses JSON lines; pretty ones would be lost to it.
  if (env.NODE_ENV === 'production' && env.LOG_PRETTY === true) problems.push('LOG_PRETTY: pretty logs are for development, not production');
  const secretProblem = checkSecret(env.SECRET_KEY);
  if (secretProblem && env.NODE_ENV === 'production') problems.push(`SECRET_KEY: ${secretProblem}`);
  if (problems.length > 0) throw new ConfigError(problems);

  // Outside production a missing or weak key is replaced by a random one: tokens then die with the
  // process, which is what a developer restarting `npm run dev` expects anyway.
  const generated = secretProblem !== null;
  return {
    ...env,
    SECRET_KEY: generated ? randomBytes(MIN_SECRET_BYTES).toString('base64url') : (env.SECRET_KEY as string),
    secretGenerated: generated,
    // The embedded database serves every pooled connection from one session, where a statement name
    // prepared by one connection collides with the next one preparing it.
    DB_PREPARED_STATEMENTS: env.DB_PREPARED_STATEMENTS && env.DATABASE_URL !== undefined,
  };
}

function checkSecret(secret: string | undefined): string | null {
  if (secret === undefined) return 'is required in production';
  if (DEFAULT_SECRET_MARKERS.includes(secret.toLowerCase())) return 'is a well-known default value';
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes`;
  return null;
}
