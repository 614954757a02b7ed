import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeEmbeddingProvider } from './fake-embedding-provider.js';

export interface EmbeddingsRequest {
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[]; encoding_format?: string };
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Behaviour = (req: EmbeddingsRequest, count: number) => FakeReply;

/** What an OpenAI-compatible server answers: the fake vector of each input, under `data`. */
export function openAiReply(req: EmbeddingsRequest, dimension?: number): FakeReply {
  const data = req.body.input.map((text, index) => ({ object: 'embedding', index, embedding: FakeEmbeddingProvider.vectorFor(text, dimension) }));
  return { status: 200, body: { object: 'list', data, model: req.body.model, usage: { prompt_tokens: 1, total_tokens: 1 } } };
}

/** A local HTTP server speaking the OpenAI embeddings API, whose answers a test can script. */
export class FakeEmbeddingServer {
  readonly requests: EmbeddingsRequest[] = [];
  behaviour: Behaviour = (req) => openAiReply(req);
  private readonly server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const request: EmbeddingsRequest = { headers: req.headers, body: JSON.parse(raw) as EmbeddingsRequest['body'] };
        this.requests.push(request);
        const reply = req.url === '/v1/embeddings' ? this.behaviour(request, this.requests.length) : { status: 404 };
        if (reply.delayMs) await sleep(reply.delayMs);
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(body);
      })();
    });
  });

  static async start(): Promise<FakeEmbeddingServer> {
    const fake = new FakeEmbeddingServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL, as EMBEDDING_API_URL takes it. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  reset(behaviour: Behaviour = (req) => openAiReply(req)): void {
    this.requests.length = 0;
    this.behaviour = behaviour;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => { resolve(); }));
  }
}
