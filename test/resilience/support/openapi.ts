// Reads the operations out of the service's own OpenAPI document, so a route added with its docs is
// fuzzed without touching the tests.

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface Operation {
  method: string;
  /** The templated path, e.g. /api/v1/users/{id}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Request body media types and their (dereferenced) schemas; empty when the operation takes none. */
  bodies: { contentType: string; schema: JsonSchema }[];
  secured: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
  security?: unknown[];
}

interface RawOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function operationsOf(doc: unknown): Operation[] {
  const d = doc as OpenApiDoc;
  const deref = (s: JsonSchema | undefined): JsonSchema => resolveRefs(s ?? {}, d.components?.schemas ?? {});
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const fromTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: fromTemplate,
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodies: Object.entries(op.requestBody?.content ?? {}).map(([contentType, media]) => ({
          contentType,
          schema: deref(media.schema),
        })),
        secured: (op.security ?? d.security ?? []).length > 0,
      });
    }
  }
  return ops;
}

function resolveRefs(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(components[name] ?? {}, components, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, components, depth + 1)]),
    );
  }
  if (schema.items) out.items = resolveRefs(schema.items, components, depth + 1);
  if (schema.anyOf) out.anyOf = schema.anyOf.map((s) => resolveRefs(s, components, depth + 1));
  if (schema.oneOf) out.oneOf = schema.oneOf.map((s) => resolveRefs(s, components, depth + 1));
  return out;
}

/** Property names of an object schema (the keys a body is about). */
export function keysOf(schema: JsonSchema): string[] {
  return Object.keys(schema.properties ?? {});
}
