import { Embedding, type EmbeddingDimension } from '../../domain/documents/embedding.js';
import { InvalidEmbeddingError } from '../../domain/documents/errors.js';
import { EmbeddingProviderFailedError, EmbeddingRequiredError, QueryNeedsProviderError } from './errors.js';
import type { EmbeddingProvider } from './ports/embedding-provider.js';

export interface EmbeddableText {
  content: string;
  embedding?: number[] | undefined;
}

/** Where vectors come from: the client when it sends one, else the provider when there is one. */
export class Embeddings {
  constructor(
    private readonly provider: EmbeddingProvider,
    private readonly dimension: EmbeddingDimension,
  ) {}

  parse(raw: readonly number[]): Embedding {
    return Embedding.parse(raw, this.dimension);
  }

  /**
   * The client's vectors, and one provider call for all texts sent without one. `name` says which
   * item an error is about ("documents[3]").
   */
  async forTexts(items: readonly EmbeddableText[], name: (index: number) => string): Promise<Embedding[]> {
    const given = items.map((item) => (item.embedding ? this.parse(item.embedding) : null));
    const missing = items.flatMap((item, i) => (given[i] ? [] : [item.content]));
    if (missing.length === 0) return given as Embedding[];
    if (!this.provider.enabled) {
      const first = given.indexOf(null);
      throw new EmbeddingRequiredError(`${name(first)} has no embedding and no embedding provider is configured: send embedding.`);
    }
    const computed = (await this.fromProvider(missing)).values();
    return given.map((e) => e ?? (computed.next().value as Embedding));
  }

  async forQuery(text: string): Promise<Embedding> {
    if (!this.provider.enabled) throw new QueryNeedsProviderError();
    const [embedding] = await this.fromProvider([text]);
    return embedding as Embedding;
  }

  private async fromProvider(texts: string[]): Promise<Embedding[]> {
    const vectors = await this.provider.embed(texts);
    if (vectors.length !== texts.length) {
      throw new EmbeddingProviderFailedError(`The embedding provider returned ${vectors.length} vectors for ${texts.length} texts.`);
    }
    try {
      return vectors.map((v) => this.parse(v));
    } catch (err) {
      // A provider vector of the wrong size is a misconfiguration (model vs EMBEDDING_DIM), not the client's fault.
      if (err instanceof InvalidEmbeddingError) throw new EmbeddingProviderFailedError(`The embedding provider's vector is not usable: ${err.message}`);
      throw err;
    }
  }
}
