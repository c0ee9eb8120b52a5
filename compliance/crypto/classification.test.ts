import { describe, expect, it } from 'vitest';
import { defineColumns, isSensitive } from './classification.ts';
import { normalizeName } from './normalize.ts';

describe('defineColumns', () => {
  it('records table, column and spec', () => {
    const students = defineColumns('students', {
      name: {
        classification: 'student_record',
        subjectKeyed: true,
        blindIndex: { normalize: normalizeName, bits: 12 },
      },
      grade: { classification: 'internal' },
    });
    expect(students.columns.name).toMatchObject({ table: 'students', column: 'name' });
    expect(students.columns.grade.spec.classification).toBe('internal');
    expect(Object.isFrozen(students.columns)).toBe(true);
  });

  it.each([
    ['a missing subjectKeyed decision', { classification: 'phi' }],
    [
      'an index on a public column',
      { classification: 'public', blindIndex: { normalize: normalizeName, bits: 8 } },
    ],
    ['subject keying of an internal column', { classification: 'internal', subjectKeyed: true }],
    [
      'a fractional index length',
      { classification: 'pii', subjectKeyed: true, blindIndex: { normalize: normalizeName, bits: 7.5 } },
    ],
    ['an unknown classification', { classification: 'secret' }],
  ])('rejects %s', (_, spec) => {
    expect(() => defineColumns('t', { c: spec as never })).toThrow(TypeError);
  });

  it('classifies pii, phi and student_record as sensitive', () => {
    expect(
      ['public', 'internal', 'pii', 'phi', 'student_record'].map((c) => isSensitive(c as never)),
    ).toEqual([false, false, true, true, true]);
  });
});
