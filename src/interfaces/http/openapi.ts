import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().optional(),
    errors: z
      .array(z.object({ location: z.enum(['body', 'query', 'path']), field: z.string(), message: z.string() }))
      .optional(),
  })
  .openapi('Problem');

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const BEARER: Record<string, string[]>[] = [{ bearerAuth: [] }, { oauth2: [] }];

export type DocsRegistrar = (registry: OpenAPIRegistry, prefix: string) => void;

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export function buildOpenApiDocument(prefix: string, registrars: DocsRegistrar[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  // Swagger UI's "Authorize" dialog logs in through this flow; the URL stays relative so the
  // browser posts to the origin it loaded the page from.
  registry.registerComponent('securitySchemes', 'oauth2', {
    type: 'oauth2',
    flows: { password: { tokenUrl: `${prefix}/auth/login`, scopes: {} } },
  });
  for (const register of registrars) register(registry, prefix);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Seed API', version: '0.1.0', description: 'Users and JWT authentication on PostgreSQL with pgvector.' },
    servers: [{ url: '/' }],
  });
}
