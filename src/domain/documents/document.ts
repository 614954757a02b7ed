import { parseContent } from './content.js';
import type { Embedding } from './embedding.js';
import type { JsonObject } from './json-object.js';
import { parseMetadata } from './metadata.js';

export interface DocumentProps {
  id: number;
  ownerId: number;
  content: string;
  metadata: JsonObject;
  embedding: Embedding;
  createdAt: Date;
  updatedAt: Date;
}

/** A document not yet stored: the database assigns the id. */
export type NewDocument = Omit<DocumentProps, 'id'>;

export interface DocumentChanges {
  content?: string;
  metadata?: JsonObject;
  embedding?: Embedding;
}

/** Who is asking; a User fits. */
export interface Reader {
  id: number;
  isAdmin: boolean;
}

export class Document {
  private constructor(private readonly props: DocumentProps) {}

  static create(input: { ownerId: number; content: string; metadata?: unknown; embedding: Embedding; at: Date }): NewDocument {
    return {
      ownerId: input.ownerId,
      content: parseContent(input.content),
      metadata: parseMetadata(input.metadata ?? {}),
      embedding: input.embedding,
      createdAt: input.at,
      updatedAt: input.at,
    };
  }

  /** Rebuilds a stored document; the data is trusted. */
  static restore(props: DocumentProps): Document {
    return new Document({ ...props });
  }

  get id(): number { return this.props.id; }
  get ownerId(): number { return this.props.ownerId; }
  get content(): string { return this.props.content; }
  get metadata(): JsonObject { return this.props.metadata; }
  get embedding(): Embedding { return this.props.embedding; }
  get createdAt(): Date { return this.props.createdAt; }
  get updatedAt(): Date { return this.props.updatedAt; }

  /** Owners read their documents, admins read all; writes are the owner's alone (the repository scopes them). */
  isReadableBy(reader: Reader): boolean {
    return reader.isAdmin || reader.id === this.ownerId;
  }
}

/** One request, one transaction: large enough for bulk loading, small enough to hold in memory. */
export const MAX_BATCH_DOCUMENTS = 1000;
