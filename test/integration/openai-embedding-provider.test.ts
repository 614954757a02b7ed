import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingProviderFailedError, EmbeddingProviderUnavailableError } from '../../src/application/documents/errors.js';
import { type OpenAiEmbeddingOptions, OpenAiEmbeddingProvider } from '../../src/infrastructure/embeddings/openai-embedding-provider.js';
import { FakeEmbeddingProvider } from '../support/fake-embedding-provider.js';
import { FakeEmbeddingServer, openAiReply } from '../support/fake-embedding-server.js';

let server: FakeEmbeddingServer;
const warnings: object[] = [];

beforeAll(async () => {
  server = await FakeEmbeddingServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  warnings.length = 0;
});

function provider(over: Partial<OpenAiEmbeddingOptions> = {}): OpenAiEmbeddingProvider {
  const opts = { baseUrl: server.url, apiKey: 'test-key', model: 'fake-model', timeoutMs: 2_000, maxRetries: 2, backoffMs: 1, ...over };
  return new OpenAiEmbeddingProvider(opts, { warn: (obj) => void warnings.push(obj) });
}

describe('the OpenAI-compatible embedding provider', () => {
  it('when asked for vectors, then it posts model and inputs with the key and returns them in input order', async () => {
    // Servers may list results in any order; `index` says which input each belongs to.
    server.reset((req) => {
      const reply = openAiReply(req);
      (reply.body as { data: unknown[] }).data.reverse();
      return reply;
    });
    const vectors = await provider().embed(['alpha', 'beta']);
    expect(vectors).toEqual([FakeEmbeddingProvider.vectorFor('alpha'), FakeEmbeddingProvider.vectorFor('beta')]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(server.requests[0]?.body).toEqual({ model: 'fake-model', input: ['alpha', 'beta'], encoding_format: 'float' });
  });

  it('when there are more texts than one request may carry, then it splits them and keeps the order', async () => {
    const texts = Array.from({ length: 130 }, (_, i) => `text ${i}`);
    const vectors = await provider().embed(texts);
    expect(server.requests.map((r) => r.body.input.length)).toEqual([128, 2]);
    expect(vectors[129]).toEqual(FakeEmbeddingProvider.vectorFor('text 129'));
  });

  it('when the provider fails with 5xx or 429 and then recovers, then it retries and succeeds', async () => {
    server.reset((req, n) => (n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '0' } } : openAiReply(req)));
    expect(await provider().embed(['x'])).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings)).not.toContain('test-key');
  });

  it('when the provider stays overloaded, then it gives up after the retries with "unavailable"', async () => {
    server.reset(() => ({ status: 503 }));
    await expect(provider({ maxRetries: 2 }).embed(['x'])).rejects.toBeInstanceOf(EmbeddingProviderUnavailableError);
    expect(server.requests).toHaveLength(3);
  });

  it('when the provider is slower than the timeout, then each attempt is cut off and it reports "unavailable"', async () => {
    server.reset((req) => ({ ...openAiReply(req), delayMs: 300 }));
    const started = Date.now();
    await expect(provider({ timeoutMs: 50, maxRetries: 1 }).embed(['x'])).rejects.toBeInstanceOf(EmbeddingProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('when nothing listens at the URL, then it reports "unavailable"', async () => {
    const closed = await FakeEmbeddingServer.start();
    const url = closed.url;
    await closed.close();
    await expect(provider({ baseUrl: url, maxRetries: 1 }).embed(['x'])).rejects.toBeInstanceOf(EmbeddingProviderUnavailableError);
  });

  it('when the provider refuses the request (4xx), then it fails at once without retrying or quoting the provider', async () => {
    server.reset(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided: test-k***' } } }));
    const failure = provider().embed(['x']);
    await expect(failure).rejects.toBeInstanceOf(EmbeddingProviderFailedError);
    await expect(failure).rejects.toThrow('HTTP 401');
    await expect(failure).rejects.not.toThrow('Incorrect API key');
    expect(server.requests).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['not JSON', 'this is not json'],
    ['an unknown shape', { embeddings: [[1, 2]] }],
    ['too few vectors', { data: [] }],
    ['one input twice', { data: [{ index: 1, embedding: [1] }, { index: 1, embedding: [1] }] }],
  ])('when the provider answers with %s, then it fails as a bad gateway', async (_what, body) => {
    server.reset(() => ({ status: 200, body }));
    await expect(provider().embed(['x', 'y'])).rejects.toBeInstanceOf(EmbeddingProviderFailedError);
    expect(server.requests).toHaveLength(1);
  });
});
