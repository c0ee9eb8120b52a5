import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, parseCanonical } from './canonical-json.ts';
import { NotCanonical } from './errors.ts';

const fromIeee = (hex: string) => Buffer.from(hex, 'hex').readDoubleBE(0);

describe('RFC 8785 JSON Canonicalization Scheme', () => {
  it('serialises the §3.2.2 example as published', () => {
    const input = `{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalize(JSON.parse(input))).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units (§3.2.3 example)', () => {
    const input =
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
      '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",' +
      '"\\u00f6":"Latin Small Letter O With Diaeresis"}';
    // Read the values off the text: a JS object would list the integer-like name "1" first.
    const values = [...canonicalize(JSON.parse(input)).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('ignores locale when sorting (§3.2.3, the French example)', () => {
    const value = { sin: 'ignore locale', pêche: 'but canonicalization MUST', péché: 'is wrong', peach: 'x' };
    expect(Object.keys(JSON.parse(canonicalize(value)))).toEqual(['peach', 'péché', 'pêche', 'sin']);
  });

  it('encodes as UTF-8 (§3.2.4)', () => {
    expect(Buffer.from(canonicalBytes({ '€': 'ö😀' })).toString('hex')).toBe(
      '7b22e282ac223a22c3b6f09f9880227d',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their serialisation.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('serialises IEEE 754 %s as %s (Appendix B)', (hex, expected) => {
    expect(canonicalize(fromIeee(hex))).toBe(expected);
  });

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])(
    'rejects the non-finite IEEE 754 value %s (Appendix B)',
    (hex) => {
      expect(() => canonicalize([fromIeee(hex)])).toThrow(NotCanonical);
    },
  );

  it('escapes control characters and nothing else', () => {
    expect(canonicalize('\u0000\u0008\u0009\u000a\u000c\u000d\u001f\u007f"\\/é')).toBe(
      '"\\u0000\\b\\t\\n\\f\\r\\u001f\u007f\\"\\\\/é"',
    );
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'x\udc00y'],
    ['reversed surrogates', '\udc00\ud800'],
  ])('rejects %s, in values and in member names', (_, text) => {
    expect(() => canonicalize(text)).toThrow(NotCanonical);
    expect(() => canonicalize({ [text]: 1 })).toThrow(NotCanonical);
  });

  it.each([
    ['undefined', undefined],
    ['undefined in an array', [1, undefined]],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a class instance', new (class Point {})()],
  ])('rejects %s instead of converting it', (_, value) => {
    expect(() => canonicalize(value)).toThrow(NotCanonical);
  });

  it('omits members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalize({ b: undefined, a: 1 })).toBe('{"a":1}');
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(NotCanonical);
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['unsorted members', '{"b":1,"a":2}'],
    ['a duplicate member', '{"a":1,"a":1}'],
    ['a non-shortest number', '[1.0]'],
    ['an exponent form', '[1E2]'],
    ['an escaped printable', '["\\u0041"]'],
    ['a byte-order mark', '\ufeff{}'],
  ])('parseCanonical rejects %s', (_, text) => {
    expect(() => parseCanonical(Buffer.from(text, 'utf8'))).toThrow(NotCanonical);
  });

  it('parseCanonical rejects invalid UTF-8', () => {
    expect(() => parseCanonical(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toThrow(NotCanonical);
  });

  it('is idempotent and round-trips through parseCanonical (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalize(value);
        expect(canonicalize(JSON.parse(once))).toBe(once);
        expect(parseCanonical(canonicalBytes(value))).toEqual(JSON.parse(once));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on member insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(record));
      }),
      { numRuns: 200 },
    );
  });
});
