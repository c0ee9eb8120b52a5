import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlindIndexPlanningError, blindIndexBits, expectedCoincidences } from './truncation.ts';

describe('blind index length (CipherSweet rule: 2 ≤ R / 2^min(L, log2 D) ≤ √R)', () => {
  it.each([
    // rows, distinct values → min, max (= recommended)
    [1_000_000, 1_000_000, 10, 18], // C(18) = 3.8, C(19) = 1.9; C(10) = 977 ≤ 1000, C(9) = 1953
    [50_000, 2 ** 40, 8, 14], // CipherSweet's worked example population: C(8) = 195 ≤ 224, C(14) = 3.05
    [10_000_000, 9_000_000, 12, 22], // a phone column of a hospital group
    [1_000, 365 * 100, 5, 8], // dates of birth in a small clinic
  ])('%i rows, %i distinct → L in [%i, %i]', (rows, distinctValues, minBits, maxBits) => {
    const plan = blindIndexBits({ rows, distinctValues });
    expect(plan).toMatchObject({ minBits, maxBits, bits: maxBits });
    expect(plan.expectedCoincidences).toBeGreaterThanOrEqual(2);
  });

  it('caps L at ⌈log2 D⌉ when values repeat a lot', () => {
    // 1e6 rows over 5,000 distinct values (e.g. surnames): C never falls below 200.
    const plan = blindIndexBits({ rows: 1_000_000, distinctValues: 5_000 });
    expect(plan.maxBits).toBe(13);
  });

  it.each([
    ['a low-entropy column', 1_000_000, 3],
    ['a tiny table', 3, 3],
  ])('refuses %s', (_, rows, distinctValues) => {
    expect(() => blindIndexBits({ rows, distinctValues })).toThrow(BlindIndexPlanningError);
  });

  it('every recommended length in [min, max] satisfies both bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 1e9 }),
        fc.integer({ min: 2, max: 1e12 }),
        (rows, distinctValues) => {
          let plan: ReturnType<typeof blindIndexBits>;
          try {
            plan = blindIndexBits({ rows, distinctValues });
          } catch (e) {
            expect(e).toBeInstanceOf(BlindIndexPlanningError);
            return;
          }
          for (let bits = plan.minBits; bits <= plan.maxBits; bits++) {
            const c = expectedCoincidences({ rows, distinctValues }, bits);
            expect(c).toBeGreaterThanOrEqual(2);
            expect(c).toBeLessThanOrEqual(Math.sqrt(rows));
          }
        },
      ),
    );
  });
});
