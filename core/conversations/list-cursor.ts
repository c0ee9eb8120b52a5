import { AppError } from '../errors/app-error.ts';

/**
 * Keyset cursor of the staff list: the (created_at, conversation_id) of the last row shown,
 * opaque to clients (base64url JSON) so its shape may change.
 */
export interface ListPosition {
  readonly createdAt: Date;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (position: ListPosition): string =>
  Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');

export function decodeCursor(cursor: string): ListPosition {
  const refuse = () =>
    new AppError('validation_failed', 'The cursor is not one this list gave out.', {
      issues: [{ path: 'cursor', message: 'malformed' }],
    });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== 2) throw refuse();
  const [at, id] = value as unknown[];
  const createdAt = typeof at === 'string' ? new Date(at) : undefined;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !UUID.test(id))
    throw refuse();
  return { createdAt, id };
}
