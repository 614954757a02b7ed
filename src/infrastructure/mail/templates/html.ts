const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value put into HTML goes through here: addresses and URLs come from users and config. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** "2030-01-01 12:30 UTC": unambiguous for a reader in any time zone. */
export function formatExpiry(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** One call-to-action mail: paragraphs, a button to the link, the link spelled out, a closing note. */
export function actionMail(m: { subject: string; intro: string[]; action: string; link: string; outro: string[] }): RenderedMail {
  const text = [...m.intro, `${m.action}:\n${m.link}`, ...m.outro].join('\n\n');
  const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  const href = escapeHtml(m.link);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">
${paragraphs(m.intro)}
<p><a href="${href}" style="display: inline-block; padding: 0.6em 1.2em; background: #1f6feb; color: #fff; text-decoration: none; border-radius: 4px">${escapeHtml(m.action)}</a></p>
<p>Or copy this link into your browser:<br><a href="${href}">${href}</a></p>
${paragraphs(m.outro)}
</body></html>
`;
  return { subject: m.subject, text: `${text}\n`, html };
}
