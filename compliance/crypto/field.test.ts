import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineColumns, type Sealed, type SealedOf } from './classification.ts';
import { createEphemeralKeyring } from './ephemeral-keyring.ts';
import { AuthenticationFailed, InvalidBinding, KeyDestroyed, UnknownKey } from './errors.ts';
import { blindIndexField, decryptField, encryptField, readSealed } from './field.ts';
import { normalizeCnMobile } from './normalize.ts';

const contacts = defineColumns('contacts', {
  name: { classification: 'pii', subjectKeyed: true },
  mobile: {
    classification: 'pii',
    subjectKeyed: true,
    blindIndex: { normalize: normalizeCnMobile, bits: 16 },
  },
  photo: { classification: 'pii', subjectKeyed: true, codec: 'bytes' },
  allergies: { classification: 'phi', subjectKeyed: true, codec: 'json' },
  note: { classification: 'internal' },
});
const faq = defineColumns('faq_drafts', { body: { classification: 'pii', subjectKeyed: false } });
const { name, mobile, photo, allergies } = contacts.columns;
const at = { tenantId: 'tenant-a', rowId: 'row-1', subjectId: 'subject-1' };

describe('encryptField / decryptField', () => {
  const keyring = createEphemeralKeyring();

  it('round-trips arbitrary Unicode text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 100 }), async (text) => {
        const sealed = await encryptField(keyring, name, at, text);
        expect(await decryptField(keyring, name, at, sealed)).toBe(text);
      }),
    );
  });

  it('round-trips arbitrary bytes and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.jsonValue(), async (bytes, json) => {
        const sealedBytes = await encryptField(keyring, photo, at, bytes);
        expect(await decryptField(keyring, photo, at, sealedBytes)).toEqual(bytes);
        const value = JSON.parse(JSON.stringify(json));
        const sealedJson = await encryptField(keyring, allergies, at, value);
        expect(await decryptField(keyring, allergies, at, sealedJson)).toEqual(value);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a value swapped into another row, column or tenant', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('row', 'column', 'tenant'),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (where, id) => {
          const sealed = await encryptField(keyring, name, at, '张三明');
          if (where === 'row') {
            fc.pre(id !== at.rowId);
            await expect(decryptField(keyring, name, { ...at, rowId: id }, sealed)).rejects.toThrow(
              AuthenticationFailed,
            );
          } else if (where === 'column') {
            const moved = sealed as unknown as Sealed<string, 'contacts.mobile'>;
            await expect(decryptField(keyring, mobile, at, moved)).rejects.toThrow(AuthenticationFailed);
          } else {
            // The keyring refuses first (the key is tenant-a's); ciphertext.test.ts shows the AAD
            // alone also rejects a tenant swap.
            fc.pre(id !== at.tenantId);
            await expect(decryptField(keyring, name, { ...at, tenantId: id }, sealed)).rejects.toThrow(
              UnknownKey,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses to seal a subject-keyed column without the subject', async () => {
    await expect(
      encryptField(keyring, name, { tenantId: 'tenant-a', rowId: 'r' } as never, 'x'),
    ).rejects.toThrow(InvalidBinding);
  });

  it('checks the sealing key belongs to the column kind and the subject', async () => {
    const tenantSealed = await encryptField(
      keyring,
      faq.columns.body,
      { tenantId: 'tenant-a', rowId: 'row-1' },
      'x',
    );
    const asSubjectColumn = tenantSealed as unknown as SealedOf<typeof name>;
    await expect(decryptField(keyring, name, at, asSubjectColumn)).rejects.toThrow(UnknownKey);
    const sealed = await encryptField(keyring, name, at, 'x');
    await expect(decryptField(keyring, name, { ...at, subjectId: 'subject-2' }, sealed)).rejects.toThrow(
      UnknownKey,
    );
  });

  it('fails with KeyDestroyed once the subject is erased', async () => {
    const sealed = await encryptField(
      keyring,
      name,
      { ...at, subjectId: 'subject-erased' },
      'Synthetic Person',
    );
    await keyring.eraseSubject('tenant-a', 'subject-erased');
    await expect(decryptField(keyring, name, at, sealed)).rejects.toThrow(KeyDestroyed);
  });

  it('brands stored bytes only if they are in the format', async () => {
    const sealed = await encryptField(keyring, name, at, 'x');
    expect(await decryptField(keyring, name, at, readSealed(name, Buffer.from(sealed)))).toBe('x');
    expect(() =>
      readSealed(name, Buffer.from('plaintext that is long enough to pass a length check')),
    ).toThrow();
  });

  it('computes a blind index per tenant and column, equal for equal normalized values', async () => {
    const a = await blindIndexField(keyring, mobile, at, '138 0013 8000');
    expect(await blindIndexField(keyring, mobile, at, '+86-138-0013-8000')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{4}$/);
    expect(await blindIndexField(keyring, mobile, { tenantId: 'tenant-b' }, '13800138000')).not.toBe(a);
    await expect(blindIndexField(keyring, name, at, 'x')).rejects.toThrow(/no blind index/);
  });

  it('makes plaintext unassignable to a sealed column (compile-time)', () => {
    interface ContactRow {
      name: SealedOf<typeof name>;
      mobile: SealedOf<typeof mobile>;
    }
    const check = async () => {
      const sealedName = await encryptField(keyring, name, at, 'x');
      const sealedMobile = await encryptField(keyring, mobile, at, '13800138000');
      const ok: ContactRow = { name: sealedName, mobile: sealedMobile };
      // @ts-expect-error a plaintext string is not a sealed value
      const plain: ContactRow = { name: 'x', mobile: sealedMobile };
      // @ts-expect-error the sealed value of another column does not fit
      const swapped: ContactRow = { name: sealedMobile, mobile: sealedName };
      // @ts-expect-error an internal column is not sealed
      await encryptField(keyring, contacts.columns.note, at, 'x');
      // @ts-expect-error a bytes column takes bytes
      await encryptField(keyring, photo, at, 'x');
      return [ok, plain, swapped];
    };
    expect(typeof check).toBe('function');
  });
});
