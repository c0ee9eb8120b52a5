import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS } from './problem.ts';

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:custos:problem:validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

/** OpenAPI response entries for the problems a route can return. */
export function problemResponses(...statuses: number[]) {
  const byStatus = new Map(Object.values(PROBLEM_KINDS).map((kind) => [kind.status, kind.title]));
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: byStatus.get(status) ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      },
    ]),
  );
}

/** A response body passes through its schema: the schema is the allow-list of what may leave. */
export function allow<T extends z.ZodType>(schema: T, value: z.input<T>): z.output<T> {
  return schema.parse(value);
}
