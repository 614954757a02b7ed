import { type RequestHandler, Router } from 'express';
import type { CreateDocument } from '../../../application/documents/create-document.js';
import type { CreateDocumentsBatch } from '../../../application/documents/create-documents-batch.js';
import type { DeleteDocument } from '../../../application/documents/delete-document.js';
import type { GetDocument } from '../../../application/documents/get-document.js';
import type { ListDocuments } from '../../../application/documents/list-documents.js';
import type { SearchDocuments } from '../../../application/documents/search-documents.js';
import type { UpdateDocument } from '../../../application/documents/update-document.js';
import { currentUser } from '../auth.js';
import { PageQuery } from '../page.schemas.js';
import { parseInput } from '../validate.js';
import {
  DocumentIdParams,
  type DocumentSchemas,
  toDocumentResponse,
  toDocumentSummary,
  toSearchResult,
} from './documents.schemas.js';

export interface DocumentUseCases {
  createDocument: CreateDocument;
  createDocumentsBatch: CreateDocumentsBatch;
  getDocument: GetDocument;
  listDocuments: ListDocuments;
  updateDocument: UpdateDocument;
  deleteDocument: DeleteDocument;
  searchDocuments: SearchDocuments;
}

export function documentsRoutes(uc: DocumentUseCases, schemas: DocumentSchemas, requireAuth: RequestHandler): Router {
  const r = Router();
  r.use('/documents', requireAuth);

  r.post('/documents', async (req, res) => {
    const body = parseInput(schemas.CreateDocumentBody, req.body, 'body');
    const doc = await uc.createDocument.execute({ ownerId: currentUser(res).id, ...body });
    res.status(201).location(`${req.baseUrl}/documents/${doc.id}`).json(toDocumentResponse(doc));
  });

  r.post('/documents/batch', async (req, res) => {
    const body = parseInput(schemas.BatchBody, req.body, 'body');
    const docs = await uc.createDocumentsBatch.execute({ ownerId: currentUser(res).id, documents: body.documents });
    res.status(201).json({ items: docs.map(toDocumentSummary) });
  });

  r.post('/documents/search', async (req, res) => {
    const { embedding, query, min_score: minScore, ...rest } = parseInput(schemas.SearchBody, req.body, 'body');
    // The schema lets exactly one of embedding and query through.
    const source = embedding ? { embedding } : { query: query as string };
    const hits = await uc.searchDocuments.execute({ ownerId: currentUser(res).id, ...rest, ...source, minScore });
    res.json({ results: hits.map(toSearchResult) });
  });

  r.get('/documents', async (req, res) => {
    const page = parseInput(PageQuery, req.query, 'query');
    const { items, total } = await uc.listDocuments.execute({ ownerId: currentUser(res).id, page });
    res.json({ items: items.map(toDocumentSummary), total, skip: page.skip, limit: page.limit });
  });

  r.get('/documents/:id', async (req, res) => {
    const { id } = parseInput(DocumentIdParams, req.params, 'path');
    res.json(toDocumentResponse(await uc.getDocument.execute({ reader: currentUser(res), id })));
  });

  r.put('/documents/:id', async (req, res) => {
    const { id } = parseInput(DocumentIdParams, req.params, 'path');
    const body = parseInput(schemas.UpdateDocumentBody, req.body, 'body');
    res.json(toDocumentResponse(await uc.updateDocument.execute({ ownerId: currentUser(res).id, id, ...body })));
  });

  r.delete('/documents/:id', async (req, res) => {
    const { id } = parseInput(DocumentIdParams, req.params, 'path');
    await uc.deleteDocument.execute({ ownerId: currentUser(res).id, id });
    res.status(204).end();
  });

  return r;
}
