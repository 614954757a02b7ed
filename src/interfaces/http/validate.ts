import type { z } from 'zod';
import { type FieldError, RequestValidationError } from './problem.js';

/** Parses one part of a request; a failure becomes a 422 naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, location: FieldError['location']): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new RequestValidationError(location, result.error);
  return result.data;
}
