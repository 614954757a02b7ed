-- Up Migration
-- Documents for semantic search. The embedding dimension is part of the column type: vector(384)
-- matches EMBEDDING_DIM's default, and the server refuses to start when the two differ. Changing the
-- dimension (another embedding model) takes a new migration: the old vectors are meaningless to the
-- new model, so it must drop or re-embed them, alter the column type and rebuild the HNSW index.
CREATE TABLE documents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb CONSTRAINT documents_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
  embedding vector(384) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Serves the owner filter of every query and the listing's ORDER BY id in one index.
CREATE INDEX documents_owner_id_idx ON documents (owner_id, id);

-- Metadata filters are containment (@>), which jsonb_path_ops serves with a smaller index than the default.
CREATE INDEX documents_metadata_idx ON documents USING gin (metadata jsonb_path_ops);

-- Approximate k-NN for the default metric. An HNSW index serves one operator class: searches by
-- l2 (<->) or inner product (<#>) scan exactly until an index with vector_l2_ops / vector_ip_ops
-- exists (see README). m and ef_construction are pgvector's defaults (16, 64).
CREATE INDEX documents_embedding_cosine_idx ON documents USING hnsw (embedding vector_cosine_ops);

-- Down Migration
DROP TABLE documents;
