import type { KeyId } from './key-id.ts';
import type { KeyKind } from './key-store.ts';

/**
 * Key operations the audit log must record (DESIGN §2.2 lists key operations among the events
 * that always leave an audit record). The keyring awaits the hook: if it throws, the operation
 * fails, so the audit module can make recording fail closed.
 */
export const KEY_EVENT_TYPES = [
  'key.create',
  'key.unwrap',
  'key.rotate',
  'key.rewrap',
  'key.destroy',
] as const;
export type KeyEventType = (typeof KEY_EVENT_TYPES)[number];

export interface KeyEvent {
  readonly type: KeyEventType;
  readonly keyId: KeyId;
  readonly tenantId: string;
  readonly kind: KeyKind;
  /**
   * The opaque internal id of the data subject for subject keys (never a name or identifier);
   * the audit module turns it into a pseudonym before it reaches a log leaf (DESIGN §2.3).
   */
  readonly subjectId: string | null;
  readonly at: Date;
  /** key.rotate: the key that was active before. */
  readonly previousKeyId?: KeyId;
  /** key.rewrap of a tenant key: the root key it is now wrapped under. */
  readonly rootKeyId?: string;
}

/**
 * `tx` is the transaction the operation runs in when the store is transactional (see
 * `KeyTransactions`): record the event in it. Undefined for an unwrap outside any transaction
 * (a read has nothing to commit; the key is handed out only after the hook returns).
 */
export type KeyEventHook<Tx = unknown> = (event: KeyEvent, tx: Tx | undefined) => void | Promise<void>;
