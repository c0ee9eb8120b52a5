import { describe, expect, it } from 'vitest';
import { blindIndexBits, isSensitive } from '../../compliance/index.ts';
import {
  BLIND_INDEX_PLANS,
  contactColumns,
  INDEXED_COLUMNS,
  normalizePhone,
  SEALED_COLUMNS,
} from './contact.columns.ts';

describe('contact column classification', () => {
  it('indexes each column with the length the CipherSweet planner recommends for its plan', () => {
    for (const column of INDEXED_COLUMNS) {
      const spec = contactColumns.columns[column].spec;
      const plan = blindIndexBits(BLIND_INDEX_PLANS[column]);
      expect(spec.blindIndex.bits, column).toBe(plan.bits);
      expect(plan.expectedCoincidences).toBeGreaterThanOrEqual(2);
      expect(plan.expectedCoincidences).toBeLessThanOrEqual(Math.sqrt(BLIND_INDEX_PLANS[column].rows));
    }
  });

  it('seals exactly the personal columns, each under the contact’s own key', () => {
    const sensitive = Object.values(contactColumns.columns).filter((c) => isSensitive(c.spec.classification));
    expect(sensitive.map((c) => c.column).sort()).toEqual([...SEALED_COLUMNS].sort());
    for (const column of sensitive) expect(column.spec).toMatchObject({ subjectKeyed: true });
  });

  it('normalizes mainland mobiles and international numbers to one E.164 form', () => {
    expect(normalizePhone('138 0013 0001')).toBe('+8613800130001');
    expect(normalizePhone('+86-138-0013-0001')).toBe('+8613800130001');
    expect(normalizePhone('００８６１３８００１３０００１')).toBe('+8613800130001');
    expect(normalizePhone('+44 20 7946 0000')).toBe('+442079460000');
    expect(() => normalizePhone('12345')).toThrow(/not a valid E\.164 phone number/);
  });
});
