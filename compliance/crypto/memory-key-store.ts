import type { KeyId } from './key-id.ts';
import type { KeyFilter, KeyRecord, KeyScope, KeyStore, Wrapping } from './key-store.ts';

/** An in-process `KeyStore` for tests and the embedded demo; state dies with the process. */
export function createMemoryKeyStore(): KeyStore & { readonly size: number } {
  const records = new Map<KeyId, KeyRecord>();
  const sameScope = (a: KeyScope, b: KeyScope) =>
    a.tenantId === b.tenantId && a.kind === b.kind && a.subjectId === b.subjectId;
  const findActive = (scope: KeyScope) =>
    [...records.values()].find((r) => r.status === 'active' && sameScope(r, scope));
  const copy = (r: KeyRecord): KeyRecord => ({ ...r, wrapped: r.wrapped && Uint8Array.from(r.wrapped) });

  return {
    async get(id) {
      const record = records.get(id);
      return record && copy(record);
    },
    async findActive(scope) {
      const record = findActive(scope);
      return record && copy(record);
    },
    async insertActive(record) {
      const existing = findActive(record);
      if (existing) return copy(existing);
      const inserted: KeyRecord = { ...record, status: 'active' };
      records.set(record.id, copy(inserted));
      return copy(inserted);
    },
    async rotate(record) {
      const previous = findActive(record);
      if (previous) records.set(previous.id, { ...previous, status: 'retired' });
      records.set(record.id, copy({ ...record, status: 'active' }));
      return previous && copy({ ...previous, status: 'retired' });
    },
    async rewrap(id, wrapping: Wrapping) {
      const record = records.get(id);
      if (!record || record.status === 'destroyed') return false;
      records.set(id, { ...record, ...wrapping, wrapped: Uint8Array.from(wrapping.wrapped) });
      return true;
    },
    async destroy(id, at) {
      const record = records.get(id);
      if (!record) return undefined;
      if (record.status === 'destroyed') return copy(record);
      record.wrapped?.fill(0);
      const tombstone: KeyRecord = { ...record, status: 'destroyed', wrapped: null, destroyedAt: at };
      records.set(id, tombstone);
      return copy(tombstone);
    },
    async list(filter: KeyFilter) {
      return [...records.values()]
        .filter(
          (r) =>
            (filter.tenantId === undefined || r.tenantId === filter.tenantId) &&
            (filter.kind === undefined || r.kind === filter.kind) &&
            (filter.subjectId === undefined || r.subjectId === filter.subjectId) &&
            (filter.status === undefined || r.status === filter.status) &&
            (filter.parentId === undefined || r.parentId === filter.parentId),
        )
        .map(copy);
    },
    get size() {
      return records.size;
    },
  };
}
