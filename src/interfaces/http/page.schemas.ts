import { z } from './zod.js';

export const MAX_INT4 = 2_147_483_647;

/** `?skip=&limit=` of every paginated list. */
export const PageQuery = z.strictObject({
  skip: z.coerce.number().int().min(0).max(MAX_INT4).default(0).openapi({ type: 'integer' }),
  limit: z.coerce.number().int().min(1).max(100).default(100).openapi({ type: 'integer' }),
});
