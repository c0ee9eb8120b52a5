import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fieldAad } from './aad.ts';
import { openParsed, parseCiphertext, seal } from './ciphertext.ts';
import { KeyDestroyed, UnknownKey } from './errors.ts';
import type { KeyEvent } from './key-events.ts';
import type { KeyProvider } from './key-provider.ts';
import { createKeyring, type KeyringOptions } from './keyring.ts';
import { createLocalKeyProvider } from './local-key-provider.ts';
import { createMemoryKeyStore } from './memory-key-store.ts';

const rootV1 = { version: 1, key: randomBytes(32) };
const rootV2 = { version: 2, key: randomBytes(32) };
const binding = { tenantId: 'tenant-a', table: 'contacts', column: 'name', rowId: 'row-1' };
const aad = (header: Buffer) => fieldAad(binding, header);

/** A provider that counts its calls, to observe the cache from outside. */
function counting(provider: KeyProvider) {
  const calls = { wrap: 0, unwrap: 0 };
  const counted: KeyProvider = {
    activeRootKeyId: () => provider.activeRootKeyId(),
    wrap: (r, m) => {
      calls.wrap++;
      return provider.wrap(r, m);
    },
    unwrap: (r, w) => {
      calls.unwrap++;
      return provider.unwrap(r, w);
    },
  };
  return { provider: counted, calls };
}

function setup(options: Partial<KeyringOptions> = {}) {
  const store = options.store ?? createMemoryKeyStore();
  const { provider, calls } = counting(options.provider ?? createLocalKeyProvider({ roots: [rootV1] }));
  const events: KeyEvent[] = [];
  const clock = { now: 0 };
  const keyring = createKeyring({
    store,
    provider,
    now: () => clock.now,
    onEvent: (e) => void events.push(e),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  return { keyring, store, calls, events, clock };
}

const sealWith = async (k: Awaited<ReturnType<ReturnType<typeof setup>['keyring']['encryptionKey']>>) =>
  seal(k.key, k.id, Buffer.from('synthetic value'), aad);

describe('keyring', () => {
  it('creates the tenant key and a data key on first use, and reports both', async () => {
    const { keyring, store, events } = setup();
    const key = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-1' });
    expect(key.kind).toBe('subject');
    expect(await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-1' })).toBe(key);
    const tenantData = await keyring.encryptionKey({ tenantId: 'tenant-a' });
    expect(tenantData.kind).toBe('tenant_data');
    expect(events.map((e) => [e.type, e.kind])).toEqual([
      ['key.create', 'tenant'],
      ['key.create', 'subject'],
      ['key.create', 'tenant_data'],
    ]);
    const record = await store.get(key.id);
    expect(record?.parentId).toBe(events[0]?.keyId);
    expect(record?.subjectId).toBe('subject-1');
  });

  it('agrees on one key when many callers ask at once', async () => {
    const { keyring, store } = setup();
    const keys = await Promise.all(
      Array.from({ length: 20 }, () => keyring.encryptionKey({ tenantId: 't', subjectId: 's' })),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    expect(await store.list({ tenantId: 't' })).toHaveLength(2); // tenant key + subject key
  });

  it('resolves a key id from the store after a cold start, unwrapping through the hierarchy', async () => {
    const store = createMemoryKeyStore();
    const provider = createLocalKeyProvider({ roots: [rootV1] });
    const first = setup({ store, provider });
    const sealed = await sealWith(
      await first.keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 's' }),
    );
    const second = setup({ store, provider });
    const parsed = parseCiphertext(sealed);
    const key = await second.keyring.decryptionKey(parsed.keyId, 'tenant-a');
    expect(openParsed(parsed, key.key, aad).toString()).toBe('synthetic value');
    expect(second.calls.unwrap).toBe(1); // the tenant key; the data key is unwrapped by it
    expect(second.events.map((e) => [e.type, e.kind])).toEqual([
      ['key.unwrap', 'tenant'],
      ['key.unwrap', 'subject'],
    ]);
  });

  it('keeps at most maxEntries unwrapped keys and re-fetches after the TTL', async () => {
    const store = createMemoryKeyStore();
    const provider = createLocalKeyProvider({ roots: [rootV1] });
    const writer = setup({ store, provider });
    const ids = [];
    for (const tenant of ['t1', 't2', 't3'])
      ids.push((await writer.keyring.encryptionKey({ tenantId: tenant })).id);
    const reader = setup({ store, provider, cache: { maxEntries: 2, ttlMs: 1000 } });
    await reader.keyring.decryptionKey(ids[0]!, 't1');
    expect(reader.calls.unwrap).toBe(1);
    await reader.keyring.decryptionKey(ids[0]!, 't1');
    expect(reader.calls.unwrap).toBe(1); // data key cached
    await reader.keyring.decryptionKey(ids[1]!, 't2'); // tenant t2 + its data key evict t1's pair
    await reader.keyring.decryptionKey(ids[0]!, 't1');
    expect(reader.calls.unwrap).toBe(3);
    reader.clock.now = 999;
    await reader.keyring.decryptionKey(ids[0]!, 't1');
    expect(reader.calls.unwrap).toBe(3);
    reader.clock.now = 2_500;
    await reader.keyring.decryptionKey(ids[0]!, 't1');
    expect(reader.calls.unwrap).toBe(4);
  });

  it('makes a destroyed key fail with KeyDestroyed, in this process and after a cold start', async () => {
    const store = createMemoryKeyStore();
    const provider = createLocalKeyProvider({ roots: [rootV1] });
    const { keyring, events } = setup({ store, provider });
    const key = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-1' });
    await keyring.destroyKey(key.id);
    await expect(keyring.decryptionKey(key.id, 'tenant-a')).rejects.toThrow(KeyDestroyed);
    await expect(setup({ store, provider }).keyring.decryptionKey(key.id, 'tenant-a')).rejects.toThrow(
      KeyDestroyed,
    );
    expect((await store.get(key.id))?.wrapped).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'key.destroy', keyId: key.id, subjectId: 'subject-1' });
    // The subject's next record gets a new key; the destroyed one is never revived.
    expect((await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-1' })).id).not.toBe(
      key.id,
    );
  });

  it('erases a data subject by destroying all of their keys, old and current', async () => {
    const { keyring } = setup();
    const scope = { tenantId: 'tenant-a', subjectId: 'subject-1' };
    const old = await keyring.encryptionKey(scope);
    const current = await keyring.rotateDataKey(scope);
    const other = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-2' });
    expect(new Set(await keyring.eraseSubject('tenant-a', 'subject-1'))).toEqual(new Set([old.id, current]));
    await expect(keyring.decryptionKey(old.id, 'tenant-a')).rejects.toThrow(KeyDestroyed);
    await expect(keyring.decryptionKey(current, 'tenant-a')).rejects.toThrow(KeyDestroyed);
    expect((await keyring.decryptionKey(other.id, 'tenant-a')).id).toBe(other.id);
  });

  it('destroying a tenant key erases every key below it', async () => {
    const { keyring, store, events } = setup();
    const data = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 's' });
    const tenantKeyId = events[0]!.keyId;
    await keyring.destroyKey(tenantKeyId);
    await expect(keyring.decryptionKey(data.id, 'tenant-a')).rejects.toThrow(KeyDestroyed);
    expect((await store.get(data.id))?.status).toBe('active'); // its wrap is now unopenable
  });

  it('rotates a data key: new encryptions use the new key, old ciphertexts still open', async () => {
    const { keyring, store, events } = setup();
    const scope = { tenantId: 'tenant-a' };
    const old = await keyring.encryptionKey(scope);
    const sealed = await sealWith(old);
    const next = await keyring.rotateDataKey(scope);
    expect((await keyring.encryptionKey(scope)).id).toBe(next);
    expect((await store.get(old.id))?.status).toBe('retired');
    expect(events.at(-1)).toMatchObject({ type: 'key.rotate', keyId: next, previousKeyId: old.id });
    keyring.clearCache();
    const parsed = parseCiphertext(sealed);
    expect(
      openParsed(parsed, (await keyring.decryptionKey(parsed.keyId, 'tenant-a')).key, aad).toString(),
    ).toBe('synthetic value');
  });

  it('rotates the root key by rewrapping tenant keys only', async () => {
    const store = createMemoryKeyStore();
    const before = setup({ store, provider: createLocalKeyProvider({ roots: [rootV1] }) });
    const sealed = await sealWith(
      await before.keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 's' }),
    );
    await before.keyring.encryptionKey({ tenantId: 'tenant-b' });
    const dataRecordsBefore = await store.list({ kind: 'subject' });

    const during = setup({ store, provider: createLocalKeyProvider({ roots: [rootV1, rootV2] }) });
    expect(await during.keyring.rewrapTenantKeys()).toBe(2);
    expect(await during.keyring.rewrapTenantKeys()).toBe(0); // idempotent
    expect(during.events.filter((e) => e.type === 'key.rewrap')).toHaveLength(2);
    expect(await store.list({ kind: 'subject' })).toEqual(dataRecordsBefore); // data keys untouched

    const after = setup({ store, provider: createLocalKeyProvider({ roots: [rootV2] }) });
    const parsed = parseCiphertext(sealed);
    const key = await after.keyring.decryptionKey(parsed.keyId, 'tenant-a');
    expect(openParsed(parsed, key.key, aad).toString()).toBe('synthetic value');
  });

  it('rotates a tenant key: children are rewrapped, then the old tenant key is destroyed', async () => {
    const store = createMemoryKeyStore();
    const provider = createLocalKeyProvider({ roots: [rootV1] });
    const { keyring, events } = setup({ store, provider });
    const sealed = await sealWith(await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 's' }));
    await keyring.blindIndexRoot('tenant-a');
    const oldTenantKey = events[0]!.keyId;
    const newTenantKey = await keyring.rotateTenantKey('tenant-a');
    expect((await store.get(oldTenantKey))?.status).toBe('destroyed');
    expect(await store.list({ parentId: oldTenantKey })).toHaveLength(0);
    expect(await store.list({ parentId: newTenantKey })).toHaveLength(2);
    const parsed = parseCiphertext(sealed);
    const key = await setup({ store, provider }).keyring.decryptionKey(parsed.keyId, 'tenant-a');
    expect(openParsed(parsed, key.key, aad).toString()).toBe('synthetic value');
  });

  it('never hands a key to another tenant or as a data key when it is not one', async () => {
    const { keyring, events } = setup();
    const key = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 's' });
    await expect(keyring.decryptionKey(key.id, 'tenant-b')).rejects.toThrow(UnknownKey);
    await expect(keyring.decryptionKey(events[0]!.keyId, 'tenant-a')).rejects.toThrow(UnknownKey); // the tenant KEK
    const bidx = await keyring.blindIndexRoot('tenant-a');
    await expect(keyring.decryptionKey(bidx.id, 'tenant-a')).rejects.toThrow(UnknownKey);
  });

  it('detects a wrapped key moved onto another record', async () => {
    const store = createMemoryKeyStore();
    const provider = createLocalKeyProvider({ roots: [rootV1] });
    const { keyring } = setup({ store, provider });
    const a = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-1' });
    const b = await keyring.encryptionKey({ tenantId: 'tenant-a', subjectId: 'subject-2' });
    const recordA = (await store.get(a.id))!;
    await store.rewrap(b.id, { parentId: recordA.parentId, rootKeyId: null, wrapped: recordA.wrapped! });
    await expect(setup({ store, provider }).keyring.decryptionKey(b.id, 'tenant-a')).rejects.toThrow(
      /authentication/,
    );
  });

  it('fails closed when the event hook fails', async () => {
    const keyring = createKeyring({
      store: createMemoryKeyStore(),
      provider: createLocalKeyProvider({ roots: [rootV1] }),
      onEvent: () => {
        throw new Error('audit unavailable');
      },
    });
    await expect(keyring.encryptionKey({ tenantId: 'tenant-a' })).rejects.toThrow('audit unavailable');
  });

  it('reports an unknown key id as UnknownKey', async () => {
    const { keyring } = setup();
    await expect(keyring.decryptionKey('00'.repeat(16) as never, 'tenant-a')).rejects.toThrow(UnknownKey);
  });
});
