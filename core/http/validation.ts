import type { Hook } from '@hono/zod-openapi';
import { AppError, type FieldIssue } from '../errors/app-error.ts';

const LOCATION: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

/** zod failures on any request part become one 400 listing every field path and problem. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every shape.
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return;
  const where = LOCATION[result.target] ?? result.target;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError(
    'validation_failed',
    `The ${where} is invalid: ${issues.map((i) => i.path).join(', ')}.`,
    {
      issues,
    },
  );
};
