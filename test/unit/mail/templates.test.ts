import { describe, expect, it } from 'vitest';
import { Email } from '../../../src/domain/users/email.js';
import { composeTokenMail } from '../../../src/infrastructure/mail/compose.js';
import { ConsoleMailTransport } from '../../../src/infrastructure/mail/console-mail-transport.js';
import { escapeHtml } from '../../../src/infrastructure/mail/templates/html.js';
import { capturingLogger } from './log-capture.js';

const EXPIRES = new Date('2030-01-01T12:30:00Z');
const to = Email.parse('ada@example.com');

describe('token mail templates', () => {
  it('when a reset mail is rendered, then text and HTML carry the frontend link, the address and the expiry', () => {
    const m = composeTokenMail({ purpose: 'password_reset', to, token: 'abc_DEF-123', expiresAt: EXPIRES }, 'https://app.example.test');
    expect(m).toMatchObject({ purpose: 'password_reset', to: 'ada@example.com', subject: 'Reset your password' });
    expect(m.link).toBe('https://app.example.test/reset-password?token=abc_DEF-123');
    for (const body of [m.text, m.html]) {
      expect(body).toContain(m.link);
      expect(body).toContain('ada@example.com');
      expect(body).toContain('2030-01-01 12:30 UTC');
    }
  });

  it('when a verification mail is rendered, then it links to the verify-email page', () => {
    const m = composeTokenMail({ purpose: 'email_verification', to, token: 'tok', expiresAt: EXPIRES }, 'http://localhost:3000');
    expect(m.subject).toBe('Verify your email address');
    expect(m.link).toBe('http://localhost:3000/verify-email?token=tok');
    expect(m.html).toContain('href="http://localhost:3000/verify-email?token=tok"');
  });

  it('when the frontend URL holds HTML metacharacters, then the HTML escapes them and the text keeps them', () => {
    const m = composeTokenMail({ purpose: 'password_reset', to, token: 'tok', expiresAt: EXPIRES }, 'https://x.test/a?b=1&c="<script>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('https://x.test/a?b=1&amp;c=&quot;&lt;script&gt;/reset-password?token=tok');
    expect(m.text).toContain('https://x.test/a?b=1&c="<script>/reset-password?token=tok');
  });

  it('when escapeHtml is given every metacharacter, then each is replaced', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('ConsoleMailTransport', () => {
  const rendered = composeTokenMail({ purpose: 'password_reset', to, token: 'the-secret-token', expiresAt: EXPIRES }, 'http://localhost:3000');

  it('when links are shown (development), then the log line carries the link', async () => {
    const log = capturingLogger();
    await new ConsoleMailTransport(log.logger, true).deliver(rendered);
    expect(log.lines()[0]).toMatchObject({ mail: { to: 'ada@example.com', subject: 'Reset your password', link: rendered.link } });
  });

  it('when links are not shown (production), then neither the link nor the token is logged', async () => {
    const log = capturingLogger();
    await new ConsoleMailTransport(log.logger, false).deliver(rendered);
    expect(log.lines()[0]).toMatchObject({ mail: { to: 'ada@example.com', subject: 'Reset your password' } });
    expect(log.raw()).not.toContain('the-secret-token');
  });
});
