import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EmbeddingProviderFailedError, EmbeddingProviderUnavailableError } from '../../application/documents/errors.js';
import type { EmbeddingProvider } from '../../application/documents/ports/embedding-provider.js';

export interface OpenAiEmbeddingOptions {
  /** The API's base URL (e.g. https://api.openai.com/v1); requests go to `${baseUrl}/embeddings`. */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Retries after the first attempt, for network errors, timeouts, 429 and 5xx only. */
  maxRetries: number;
  /** Delay before the first retry; doubles each time (with jitter), never above MAX_DELAY_MS. */
  backoffMs: number;
}

export interface ProviderLog {
  warn(obj: object, msg: string): void;
}

// OpenAI accepts up to 2,048 inputs a request; self-hosted servers often far fewer.
const MAX_INPUTS_PER_REQUEST = 128;
const MAX_DELAY_MS = 5_000;

const EmbeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

type Attempt =
  | { ok: true; vectors: number[][] }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number; providerSays?: string };

/** An OpenAI-compatible /embeddings endpoint (OpenAI, Azure-style gateways, vLLM, Ollama, TEI...). */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly enabled = true;
  private readonly endpoint: string;

  constructor(
    private readonly opts: OpenAiEmbeddingOptions,
    private readonly log: ProviderLog,
  ) {
    this.endpoint = `${opts.baseUrl.replace(/\/+$/, '')}/embeddings`;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += MAX_INPUTS_PER_REQUEST) {
      vectors.push(...(await this.request(texts.slice(i, i + MAX_INPUTS_PER_REQUEST))));
    }
    return vectors;
  }

  private async request(input: string[]): Promise<number[][]> {
    for (let retry = 0; ; retry++) {
      const attempt = await this.attempt(input);
      if (attempt.ok) return attempt.vectors;
      const { reason, providerSays } = attempt;
      this.log.warn({ provider: this.endpoint, retry, reason, providerSays }, 'embedding provider attempt failed');
      if (!attempt.retryable) throw new EmbeddingProviderFailedError(attempt.reason);
      if (retry >= this.opts.maxRetries) throw new EmbeddingProviderUnavailableError();
      await sleep(this.delay(retry, attempt.retryAfterMs));
    }
  }

  private async attempt(input: string[]): Promise<Attempt> {
    try {
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.opts.model, input, encoding_format: 'float' }),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      return await readResponse(res, input.length);
    } catch (err) {
      // Refused connections, resets and timeouts (of the headers or the body) are worth another try.
      return { ok: false, retryable: true, reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }

  private delay(retry: number, retryAfterMs: number | undefined): number {
    const backoff = this.opts.backoffMs * 2 ** retry * (0.5 + Math.random() / 2);
    return Math.min(MAX_DELAY_MS, Math.max(backoff, retryAfterMs ?? 0));
  }
}

async function readResponse(res: Response, expected: number): Promise<Attempt> {
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    return { ok: false, retryable: true, reason: `HTTP ${res.status}`, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  }
  const text = await res.text();
  if (!res.ok) {
    // The provider's own words go to our log only: they may quote part of the key or the setup.
    const reason = `The embedding provider refused the request (HTTP ${res.status}).`;
    return { ok: false, retryable: false, reason, providerSays: text.slice(0, 300) };
  }
  return parseVectors(text, expected);
}

function parseVectors(text: string, expected: number): Attempt {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, retryable: false, reason: 'The embedding provider answered with something other than JSON.' };
  }
  const parsed = EmbeddingsResponse.safeParse(json);
  if (!parsed.success) return { ok: false, retryable: false, reason: 'The embedding provider answered in an unknown shape.' };
  const { data } = parsed.data;
  const byIndex = new Map(data.map((item) => [item.index, item.embedding]));
  const vectors = Array.from({ length: expected }, (_, i) => byIndex.get(i));
  if (data.length !== expected || vectors.includes(undefined)) {
    return { ok: false, retryable: false, reason: `The embedding provider returned ${data.length} vectors for ${expected} texts.` };
  }
  return { ok: true, vectors: vectors as number[][] };
}

/** Retry-After in seconds (the HTTP-date form is rare for APIs and ignored). */
function retryAfter(header: string | null): number | undefined {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
