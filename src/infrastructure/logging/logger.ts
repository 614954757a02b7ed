import { pino, type Logger } from 'pino';

// Secrets never reach a log line, whichever object they ride in on.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.new_password',
  '*.current_password',
  '*.password_hash',
  '*.passwordHash',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.secret',
  'SECRET_KEY',
  '*.SECRET_KEY',
  '*.FIRST_ADMIN_PASSWORD',
  '*.SMTP_PASSWORD',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}
