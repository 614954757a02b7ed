export interface Answer {
  status: number;
  contentType: string | undefined;
  wwwAuthenticate?: string | undefined;
  text: string;
}

/**
 * What is wrong with an answer, or null when it is fine: a 5xx is always wrong (unless `allow5xx`
 * names it), and every 4xx/5xx must be an RFC 9457 problem (application/problem+json with string
 * type, title, detail and the answer's own status) without a stack trace.
 */
export function problemDefect(a: Answer, opts: { method?: string; allow5xx?: number[] } = {}): string | null {
  if (a.status >= 500 && !(opts.allow5xx ?? []).includes(a.status)) return `server error ${a.status}`;
  if (a.status < 400) return null;
  if (!/^application\/problem\+json\b/.test(a.contentType ?? '')) {
    return `content-type ${a.contentType ?? '(none)'} is not application/problem+json`;
  }
  if (a.status === 401 && a.wwwAuthenticate === undefined) return '401 without WWW-Authenticate';
  if (opts.method === 'HEAD') return null; // no body by definition
  let body: unknown;
  try {
    body = JSON.parse(a.text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const p = body as Record<string, unknown>;
  for (const key of ['type', 'title', 'detail'] as const) {
    if (typeof p[key] !== 'string') return `"${key}" is not a string`;
  }
  if (p.status !== a.status) return `"status" is ${JSON.stringify(p.status)}, the answer is ${a.status}`;
  if (/\bat .+:\d+:\d+|node_modules|\/src\//.test(a.text)) return 'body leaks a stack trace or a source path';
  return null;
}

export function snippet(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
