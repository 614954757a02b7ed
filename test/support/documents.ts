import type { Response } from 'supertest';
import { expect } from 'vitest';

/** The JSON shapes of the documents API, for reading supertest's untyped bodies. */
export interface DocumentJson {
  id: number;
  owner_id: number;
  content: string;
  metadata: Record<string, unknown>;
  embedding?: number[];
  created_at: string;
  updated_at: string;
}

export interface HitJson {
  id: number;
  content: string;
  metadata: Record<string, unknown>;
  score: number;
}

export const documentOf = (res: Response) => res.body as DocumentJson;
export const itemsOf = (res: Response) => (res.body as { items: DocumentJson[] }).items;
export const hitsOf = (res: Response) => (res.body as { results: HitJson[] }).results;

/** A 422 problem whose `errors` name the field. */
export function expectFieldError(res: Response, field: string): void {
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
}
