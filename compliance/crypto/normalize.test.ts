import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEmailNormalizer,
  createIdentifierNormalizer,
  InvalidValue,
  type Normalizer,
  normalizeCnMobile,
  normalizeE164,
  normalizeEmail,
  normalizeName,
  normalizeResidentId,
} from './normalize.ts';

// Synthetic resident identity numbers: built here with the check character computed by the
// textbook formula (12 − S mod 11) mod 11 — a different formulation from the implementation's
// lookup table — so that no fixture is anyone's real number by design.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function checkChar(first17: string): string {
  const s = [...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i]!, 0);
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const synthetic = (region: string, birth: string, seq: string) =>
  `${region}${birth}${seq}${checkChar(region + birth + seq)}`;
const arbitraryResidentId = fc
  .record({
    region: fc.integer({ min: 110000, max: 829999 }).map(String),
    birth: fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
  })
  .map(({ region, birth, seq }) =>
    synthetic(region, birth.toISOString().slice(0, 10).replaceAll('-', ''), seq),
  );

function table(normalize: Normalizer, accepted: [string, string][], rejected: string[]) {
  it.each(accepted)('%s → %s', (input, expected) => expect(normalize(input)).toBe(expected));
  it.each(rejected.map((r) => [r]))('rejects %s', (input) =>
    expect(() => normalize(input)).toThrow(InvalidValue),
  );
}

describe('Chinese mobile numbers', () => {
  table(
    normalizeCnMobile,
    [
      ['13800138000', '+8613800138000'],
      ['138 0013 8000', '+8613800138000'],
      ['138-0013-8000', '+8613800138000'],
      ['+86 138 0013 8000', '+8613800138000'],
      ['(+86) 138-0013-8000', '+8613800138000'],
      ['008613800138000', '+8613800138000'],
      ['86 13800138000', '+8613800138000'],
      ['＋８６　１３８００１３８０００', '+8613800138000'], // full-width digits, ideographic space
      ['199 0000 0000', '+8619900000000'],
    ],
    ['12800138000', '1380013800', '138001380000', '+85213800138000', 'phone', ''],
  );

  it('agrees with the E.164 normalizer on the same number', () => {
    expect(normalizeCnMobile('138 0013 8000')).toBe(normalizeE164('+86 138 0013 8000'));
  });
});

describe('E.164 phone numbers', () => {
  table(
    normalizeE164,
    [
      ['+44 20 7946 0000', '+442079460000'],
      ['0044 (0)20 7946 0000', '+442079460000'],
      ['+1 (555) 010-0000', '+15550100000'],
      ['+86 010 5555 0000', '+861055550000'],
      ['+86.138.0013.8000', '+8613800138000'],
    ],
    ['020 7946 0000', '+0 123 4567', '+1234567890123456', '+12345', '+44 20 7946 000O'],
  );
});

describe('resident identity numbers (GB 11643-1999)', () => {
  const id = synthetic('110101', '19900101', '123');
  const withX = (() => {
    for (let seq = 0; seq < 1000; seq++) {
      const candidate = synthetic('110101', '19900101', String(seq).padStart(3, '0'));
      if (candidate.endsWith('X')) return candidate;
    }
    throw new Error('unreachable: 1 in 11 sequences ends in X');
  })();

  table(
    normalizeResidentId,
    [
      [id, id],
      [`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`, id],
      [withX.toLowerCase(), withX],
      [withX.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), withX], // full-width digits
      ['110101900101123', synthetic('110101', '19900101', '123')], // 15-digit first generation
    ],
    [
      `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`, // wrong check character
      synthetic('110101', '19900230', '123'), // 30 February
      id.slice(0, 17),
      `${id}0`,
      '',
    ],
  );

  it('accepts generated synthetic numbers unchanged', () => {
    fc.assert(
      fc.property(arbitraryResidentId, (value) => {
        expect(normalizeResidentId(value)).toBe(value);
      }),
    );
  });

  it('rejects every single-character substitution (MOD 11-2 detects them all)', () => {
    const substitution = fc.tuple(
      arbitraryResidentId,
      fc.nat({ max: 17 }),
      fc.constantFrom(...'0123456789X'),
    );
    fc.assert(
      fc.property(substitution, ([value, position, char]) => {
        fc.pre(value[position] !== char && (char !== 'X' || position === 17));
        const changed = value.slice(0, position) + char + value.slice(position + 1);
        expect(() => normalizeResidentId(changed)).toThrow(InvalidValue);
      }),
    );
  });

  it('never puts the value in the error message', () => {
    try {
      normalizeResidentId(`${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(id.slice(0, 17));
    }
  });
});

describe('e-mail addresses', () => {
  table(
    normalizeEmail,
    [
      [' John.Doe+Tag@Example.COM ', 'john.doe+tag@example.com'],
      ['user@例え.テスト', 'user@xn--r8jz45g.xn--zckzah'],
      ['ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'user@example.com'],
      ['"quoted@local"@example.org', '"quoted@local"@example.org'],
      ['user@example.com.', 'user@example.com'],
    ],
    [
      'no-at-sign',
      '@example.com',
      'user@',
      'a b@example.com',
      'user@exa mple.com',
      `${'a'.repeat(65)}@example.com`,
    ],
  );

  it('keeps the local part as typed when asked to', () => {
    expect(createEmailNormalizer({ preserveLocalPartCase: true })('John.Doe@Example.COM')).toBe(
      'John.Doe@example.com',
    );
  });
});

describe('names', () => {
  table(
    normalizeName,
    [
      ['约翰·史密斯', '约翰史密斯'],
      ['约翰 · 史密斯', '约翰史密斯'],
      ['约翰・史密斯', '约翰史密斯'], // katakana middle dot
      ['约翰･史密斯', '约翰史密斯'], // half-width katakana middle dot
      ['张 三', '张三'],
      ['  Anne   MARIE ', 'anne marie'],
      ['Anne·Marie', 'anne marie'],
      ['ＪＯＨＮ　ＤＯＥ', 'john doe'],
      ['Jane STRAẞE', 'jane strasse'],
      ['ΟΔΥΣΣΕΥΣ', 'οδυσσευσ'],
    ],
    ['', '   ', '·'],
  );
});

describe('institution identifiers', () => {
  const mrn = createIdentifierNormalizer({ kind: 'medical record number', pattern: /MRN\d{6}/ });
  table(
    mrn,
    [
      ['mrn-000123', 'MRN000123'],
      ['MRN 000 123', 'MRN000123'],
      ['ｍｒｎ０００１２３', 'MRN000123'],
      ['mrn_000.123', 'MRN000123'],
    ],
    ['MRN12', 'MRN0001234', 'XMRN000123', ''],
  );

  const studentNumber = createIdentifierNormalizer({ kind: 'student number' });
  table(studentNumber, [['s2024/0001', 'S20240001']], ['s2024#0001']);
});
