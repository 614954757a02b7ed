import { parseContent } from '../../domain/documents/content.js';
import { Document, type NewDocument } from '../../domain/documents/document.js';
import { parseMetadata } from '../../domain/documents/metadata.js';
import type { Embeddings } from './embeddings.js';

export interface DocumentInput {
  content: string;
  metadata?: unknown;
  /** Absent: the embedding provider computes it from the content. */
  embedding?: number[] | undefined;
}

/** Validates the inputs, then resolves their embeddings, then builds the documents to store. */
export async function draftDocuments(
  embeddings: Embeddings,
  ownerId: number,
  inputs: readonly DocumentInput[],
  at: Date,
): Promise<NewDocument[]> {
  // Checked before the provider is paid to embed a batch that would be refused anyway.
  for (const input of inputs) {
    parseContent(input.content);
    parseMetadata(input.metadata ?? {});
  }
  const name = (i: number) => (inputs.length === 1 ? 'The document' : `documents[${i}]`);
  const vectors = await embeddings.forTexts(inputs, name);
  return inputs.map((input, i) =>
    Document.create({ ownerId, content: input.content, metadata: input.metadata, embedding: vectors[i] as NewDocument['embedding'], at }),
  );
}
