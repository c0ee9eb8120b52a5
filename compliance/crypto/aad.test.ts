import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AAD_DOMAIN, encodeAad, fieldAad } from './aad.ts';
import { InvalidBinding } from './errors.ts';

const header = Buffer.from('0101101112131415161718191a1b1c1d1e1f', 'hex');
const binding = { tenantId: 'tenant-a', table: 'contacts', column: 'phone', rowId: 'row-1' };

describe('field AAD', () => {
  it('matches the documented encoding byte for byte', () => {
    // u32 count ‖ (u32 length ‖ bytes)*: domain, tenant, table, column, row id, header.
    const expected = [
      '00000006',
      '0000000f',
      Buffer.from('custos/field/v1').toString('hex'),
      '00000008',
      '74656e616e742d61', // tenant-a
      '00000008',
      '636f6e7461637473', // contacts
      '00000005',
      '70686f6e65', // phone
      '00000005',
      '726f772d31', // row-1
      '00000012',
      '0101101112131415161718191a1b1c1d1e1f',
    ].join('');
    expect(fieldAad(binding, header).toString('hex')).toBe(expected);
  });

  it('encodes two tuples alike only if they are equal, even when their concatenations are', () => {
    // b re-splits the concatenation of a at random points: the case plain concatenation gets wrong.
    const pair = fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 5 }).chain((a) => {
      const joined = Buffer.concat(a);
      return fc.uniqueArray(fc.nat({ max: joined.length }), { maxLength: 5 }).map((cuts) => {
        const points = [0, ...cuts.sort((x, y) => x - y), joined.length];
        return [a, points.slice(1).map((end, i) => joined.subarray(points[i], end))] as const;
      });
    });
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const equal = a.length === b.length && a.every((x, i) => Buffer.from(x).equals(b[i]!));
        expect(encodeAad(AAD_DOMAIN.field, a).equals(encodeAad(AAD_DOMAIN.field, b))).toBe(equal);
      }),
    );
  });

  it('keeps ("ab","c") and ("a","bc") apart', () => {
    const one = fieldAad({ ...binding, table: 'ab', column: 'c' }, header);
    const two = fieldAad({ ...binding, table: 'a', column: 'bc' }, header);
    expect(one.equals(two)).toBe(false);
  });

  it('separates domains', () => {
    expect(encodeAad(AAD_DOMAIN.field, ['x']).equals(encodeAad(AAD_DOMAIN.tenantWrap, ['x']))).toBe(false);
  });

  it.each([
    ['empty tenant', { ...binding, tenantId: '' }],
    ['empty row id', { ...binding, rowId: '' }],
    ['lone surrogate', { ...binding, column: 'a\uD800' }],
  ])('rejects %s', (_, bad) => {
    expect(() => fieldAad(bad, header)).toThrow(InvalidBinding);
  });
});
