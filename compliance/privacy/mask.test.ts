import { describe, expect, it } from 'vitest';
import {
  type MaskingPolicy,
  maskByPolicy,
  maskChineseName,
  maskDateOfBirth,
  maskEmail,
  maskGeneric,
  maskIdentifier,
  maskMobile,
  maskName,
  maskResidentId,
  maskWesternName,
  resolveMaskingPolicy,
} from './mask.ts';

// Synthetic values only: 99xxxx is not an assigned address code, 13800138000 is a carrier's
// published service number, names are the Chinese and English placeholder names.
const cases: [string, (v: string) => string, string, string][] = [
  ['mobile', maskMobile, '13812345678', '138****5678'],
  ['mobile with +86', maskMobile, '+86 138-1234-5678', '138****5678'],
  ['mobile with 0086', maskMobile, '0086 13800138000', '138****8000'],
  ['foreign number', maskMobile, '+44 20 7946 0000', '442*****0000'],
  ['too short to be a phone', maskMobile, '110', '****'],
  ['resident id', maskResidentId, '99010119900101123X', '990101********123X'],
  ['resident id, lower-case x and spaces', maskResidentId, '990101 19900101 123x', '990101********123X'],
  ['15-digit resident id', maskResidentId, '990101900101123', '990101*****1123'],
  ['not a resident id', maskResidentId, '12345', '****'],
  ['1-char Chinese name', maskChineseName, '张', '*'],
  ['2-char Chinese name', maskChineseName, '张三', '张*'],
  ['3-char Chinese name', maskChineseName, '张三明', '张*明'],
  ['4-char Chinese name', maskChineseName, '欧阳小明', '欧**明'],
  ['transliterated name', maskChineseName, '约翰·史密斯', '约****斯'],
  ['name outside the BMP', maskChineseName, '𠮷田三', '𠮷*三'],
  ['Western name', maskWesternName, 'John Smith', 'J***'],
  ['Western name, one letter', maskWesternName, 'J', 'J***'],
  ['auto: Chinese', maskName, '张三明', '张*明'],
  ['auto: Western', maskName, 'Jane Doe', 'J***'],
  ['e-mail', maskEmail, 'john@example.com', 'j***@example.com'],
  ['e-mail, one-letter local part', maskEmail, 'j@example.com', 'j***@example.com'],
  ['not an e-mail', maskEmail, 'john.example.com', '****'],
  ['date of birth', maskDateOfBirth, '1990-05-17', '1990'],
  ['compact date of birth', maskDateOfBirth, '19900517', '1990'],
  ['date-time of birth', maskDateOfBirth, '1990-05-17T08:30:00Z', '1990'],
  ['not a date', maskDateOfBirth, 'May 1990', '****'],
  ['identifier', maskIdentifier, 'MRN000123', '****0123'],
  ['short identifier', maskIdentifier, 'S12', '****'],
  ['generic', maskGeneric, 'anything at all', '****'],
];

describe('masking', () => {
  it.each(cases)('%s: %s', (_, mask, input, expected) => {
    expect(mask(input)).toBe(expected);
  });
});

describe('maskByPolicy', () => {
  type Role = 'agent' | 'clinician' | 'tenant_admin';
  type Purpose = 'support' | 'treatment';
  const policy: MaskingPolicy<Role, Purpose> = {
    agent: { '*': { name: 'reveal' } },
    clinician: {
      treatment: { name: 'reveal', mobile: 'reveal', date_of_birth: 'reveal' },
      '*': { name: 'reveal' },
    },
  };

  it.each([
    ['agent', 'support', 'name', '张三明', '张三明'],
    ['agent', 'support', 'mobile', '13812345678', '138****5678'],
    ['clinician', 'treatment', 'mobile', '13812345678', '13812345678'],
    ['clinician', 'support', 'mobile', '13812345678', '138****5678'],
    ['clinician', 'treatment', 'resident_id', '99010119900101123X', '990101********123X'],
    ['tenant_admin', 'support', 'name', '张三明', '张*明'], // no entry: deny by default
  ] as const)('%s for %s sees %s as expected', (role, purpose, kind, value, expected) => {
    expect(maskByPolicy(value, kind, resolveMaskingPolicy(policy, { role, purpose }))).toBe(expected);
  });
});
