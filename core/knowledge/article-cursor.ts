import { AppError } from '../errors/app-error.ts';
import type { KnowledgeArticle } from './article.ts';

// The list cursor: the (created_at, article_id) of the last item, opaque to callers.
export const encodeCursor = (article: KnowledgeArticle) =>
  Buffer.from(JSON.stringify([article.createdAt.toISOString(), article.id])).toString('base64url');

export function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(date.getTime()))
      return [date, id];
  } catch {}
  throw new AppError('validation_failed', 'The cursor is not one this list returned.', {
    issues: [{ path: 'cursor', message: 'not a page boundary of this list' }],
  });
}
