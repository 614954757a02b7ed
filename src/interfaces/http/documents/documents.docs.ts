import { BEARER, type DocsRegistrar, problem } from '../openapi.js';
import { PageQuery } from '../page.schemas.js';
import {
  BATCH_BODY_LIMIT,
  BatchResponse,
  DocumentIdParams,
  DocumentListResponse,
  type DocumentSchemas,
  SearchResponse,
} from './documents.schemas.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const unauthenticated = problem('Missing, invalid or expired access token');
const invalid = problem('Invalid request (the failing fields are listed), or no embedding and no provider');
const missing = problem('No such document among those you may see');
const provider = {
  502: problem('The embedding provider refused the request or answered nonsense'),
  503: problem('The embedding provider is unavailable'),
};

export function registerDocumentDocs(schemas: DocumentSchemas): DocsRegistrar {
  const document = { description: 'The document, with its embedding', ...json(schemas.DocumentResponse) };
  return (registry, prefix) => {
    const path = (p: string, method: 'get' | 'post' | 'put' | 'delete', summary: string) =>
      ({ method, path: `${prefix}${p}`, tags: ['documents'], summary, security: BEARER });
    registry.registerPath({
      ...path('/documents', 'post', 'Create a document (the embedding is sent, or computed by the provider)'),
      request: { body: json(schemas.CreateDocumentBody) },
      responses: { 201: document, 401: unauthenticated, 422: invalid, ...provider },
    });
    registry.registerPath({
      ...path('/documents/batch', 'post', 'Create up to 1000 documents, all or none'),
      request: { body: json(schemas.BatchBody) },
      responses: { 201: { description: 'The documents, in the order sent', ...json(BatchResponse) }, 401: unauthenticated, 413: problem(`Body over ${BATCH_BODY_LIMIT}`), 422: invalid, ...provider },
    });
    registry.registerPath({
      ...path('/documents/search', 'post', 'k nearest of my documents, by embedding or by query text'),
      request: { body: json(schemas.SearchBody) },
      responses: { 200: { description: 'Hits by descending score', ...json(SearchResponse) }, 401: unauthenticated, 422: invalid, ...provider },
    });
    registry.registerPath({
      ...path('/documents', 'get', 'List my documents'),
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of my documents', ...json(DocumentListResponse) }, 401: unauthenticated, 422: invalid },
    });
    registry.registerPath({
      ...path('/documents/{id}', 'get', 'Read a document (mine; admins read any)'),
      request: { params: DocumentIdParams },
      responses: { 200: document, 401: unauthenticated, 404: missing, 422: invalid },
    });
    registry.registerPath({
      ...path('/documents/{id}', 'put', 'Change my document (new content gets a new embedding)'),
      request: { params: DocumentIdParams, body: json(schemas.UpdateDocumentBody) },
      responses: { 200: document, 401: unauthenticated, 404: missing, 422: invalid, ...provider },
    });
    registry.registerPath({
      ...path('/documents/{id}', 'delete', 'Delete my document'),
      request: { params: DocumentIdParams },
      responses: { 204: { description: 'Deleted' }, 401: unauthenticated, 404: missing, 422: invalid },
    });
  };
}
