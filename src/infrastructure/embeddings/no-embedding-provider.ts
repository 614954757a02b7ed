import type { EmbeddingProvider } from '../../application/documents/ports/embedding-provider.js';

/** The default: no model is called, clients send their own vectors. Use cases check `enabled` first. */
export class NoEmbeddingProvider implements EmbeddingProvider {
  readonly enabled = false;

  embed(): Promise<number[][]> {
    return Promise.reject(new Error('No embedding provider is configured.'));
  }
}
