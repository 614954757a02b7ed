import type { SearchHit } from '../../../application/documents/ports/document-repository.js';
import type { Document } from '../../../domain/documents/document.js';
import { MAX_CONTENT_BYTES } from '../../../domain/documents/content.js';
import { MAX_BATCH_DOCUMENTS } from '../../../domain/documents/document.js';
import { FLOAT32_MAX } from '../../../domain/documents/embedding.js';
import { MAX_METADATA_BYTES } from '../../../domain/documents/metadata.js';
import { METRICS } from '../../../domain/documents/metric.js';
import { DEFAULT_K, DEFAULT_METRIC, MAX_K } from '../../../domain/documents/search.js';
import { z } from '../zod.js';

// Limits mirror the domain so the OpenAPI document shows them and a batch error names its item
// (documents.3.embedding); the domain still checks, for callers that skip this layer.
const ContentField = z
  .string()
  .min(1)
  .max(MAX_CONTENT_BYTES)
  .openapi({ description: `Kept as sent; at most ${MAX_CONTENT_BYTES} bytes of UTF-8.`, example: 'Pgvector adds vector similarity search to PostgreSQL.' });

const JsonObjectField = (description: string) =>
  z.record(z.string(), z.unknown()).openapi({ type: 'object', description, example: { lang: 'en', tags: ['db'] } });
const MetadataField = JsonObjectField(`Any JSON object, at most ${MAX_METADATA_BYTES} bytes as JSON.`);

const documentResponseFields = {
  id: z.number().int(),
  owner_id: z.number().int(),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
};

/** A full batch of 384-dimension vectors as JSON is about 8 MB; the rest of the API keeps 1 MB. */
export const BATCH_BODY_LIMIT = '32mb';

const MAX_ID = Number.MAX_SAFE_INTEGER;

/** Everything whose shape depends on the deployment's EMBEDDING_DIM. */
export function documentSchemas(dimension: number) {
  const EmbeddingField = z
    .array(z.number().min(-FLOAT32_MAX).max(FLOAT32_MAX))
    .length(dimension, `must have exactly ${dimension} numbers (EMBEDDING_DIM)`)
    // zod-to-openapi does not carry .length() over, so the bounds are stated for the document.
    .openapi({ minItems: dimension, maxItems: dimension, description: `${dimension} finite numbers; omit it to have the embedding provider compute it.` });

  const CreateDocumentBody = z
    .strictObject({ content: ContentField, metadata: MetadataField.optional(), embedding: EmbeddingField.optional() })
    .openapi('CreateDocumentRequest');

  const SearchBody = z
    .strictObject({
      embedding: EmbeddingField.optional(),
      query: ContentField.optional().openapi({ description: 'Text to embed with the provider, instead of `embedding`.' }),
      k: z.number().int().min(1).max(MAX_K).default(DEFAULT_K),
      metric: z.enum(METRICS).default(DEFAULT_METRIC),
      filter: JsonObjectField('Metadata containment (jsonb @>): only documents whose metadata contains this.').optional(),
      min_score: z.number().optional().openapi({ description: 'Lower bound on score (higher is closer for every metric).' }),
    })
    .refine((b) => (b.embedding === undefined) !== (b.query === undefined), {
      message: 'send exactly one of embedding or query',
      path: ['embedding'],
    })
    .openapi('SearchRequest');

  return {
    CreateDocumentBody,
    SearchBody,
    BatchBody: z
      .strictObject({ documents: z.array(CreateDocumentBody).min(1).max(MAX_BATCH_DOCUMENTS) })
      .openapi('CreateDocumentsBatchRequest'),
    UpdateDocumentBody: z
      .strictObject({ content: ContentField.optional(), metadata: MetadataField.optional(), embedding: EmbeddingField.optional() })
      .openapi('UpdateDocumentRequest'),
    DocumentResponse: z.object({ ...documentResponseFields, embedding: z.array(z.number()) }).openapi('DocumentResponse'),
  };
}

export type DocumentSchemas = ReturnType<typeof documentSchemas>;

export const DocumentSummary = z.object(documentResponseFields).openapi('DocumentSummary');

export const DocumentListResponse = z
  .object({ items: z.array(DocumentSummary), total: z.number().int(), skip: z.number().int(), limit: z.number().int() })
  .openapi('DocumentList');

export const BatchResponse = z.object({ items: z.array(DocumentSummary) }).openapi('CreateDocumentsBatchResponse');

export const SearchResponse = z
  .object({
    results: z.array(
      z.object({ id: z.number().int(), content: z.string(), metadata: z.record(z.string(), z.unknown()), score: z.number() }),
    ),
  })
  .openapi('SearchResponse');

export const DocumentIdParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(MAX_ID).openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
});

/** The whitelist of what a document shows; the vector only where one document is asked for. */
export function toDocumentSummary(d: Document): z.infer<typeof DocumentSummary> {
  return {
    id: d.id,
    owner_id: d.ownerId,
    content: d.content,
    metadata: d.metadata,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

export function toDocumentResponse(d: Document) {
  return { ...toDocumentSummary(d), embedding: d.embedding.toArray() };
}

export const toSearchResult = (h: SearchHit) => ({ id: h.id, content: h.content, metadata: h.metadata, score: h.score });
