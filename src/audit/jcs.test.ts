import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalizationError, canonicalize, canonicalizeExact } from './jcs.js';

function fromBits(hex: string): number {
  const buf = Buffer.from(hex, 'hex');
  return buf.readDoubleBE(0);
}

describe('canonicalize (RFC 8785)', () => {
  it('reproduces the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
        '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",' +
        '"\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Compared as text: JS objects list integer-like keys first, so re-parsing would hide the order.
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\u{1F600}', '\ufb33'];
    expect(canonicalize(input)).toBe(
      `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k])}`).join(',')}}`,
    );
    expect(canonicalize(input).startsWith('{"\\r":"Carriage Return","1":"One","\u0080":')).toBe(true);
  });

  // RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text.
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
  it.each(numbers)('serializes the double with bits %s as %s', (bits, text) => {
    expect(canonicalize(fromBits(bits))).toBe(text);
  });

  it('refuses NaN and Infinity', () => {
    expect(() => canonicalize(fromBits('7fffffffffffffff'))).toThrow(CanonicalizationError);
    expect(() => canonicalize(fromBits('7ff0000000000000'))).toThrow(CanonicalizationError);
    expect(() => canonicalize([Number.NEGATIVE_INFINITY])).toThrow(CanonicalizationError);
  });

  it('escapes control characters in lowercase hex and keeps other characters literal', () => {
    expect(canonicalize('\u0000\u001f\u007f\u2028é\b\f\t')).toBe('"\\u0000\\u001f\u007f\u2028é\\b\\f\\t"');
  });

  it('refuses lone surrogates in values and in member names', () => {
    expect(() => canonicalize('a\ud800b')).toThrow(CanonicalizationError);
    expect(() => canonicalize({ '\udc00': 1 })).toThrow(CanonicalizationError);
    expect(canonicalize('\ud83d\ude00')).toBe('"😀"');
  });

  it('refuses values that are not JSON', () => {
    expect(() => canonicalize({ a: () => 1 })).toThrow(CanonicalizationError);
    expect(() => canonicalize(10n)).toThrow(CanonicalizationError);
    expect(() => canonicalize(new Date(0))).toThrow(CanonicalizationError);
  });

  it('refuses nesting deeper than its bound instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(CanonicalizationError);
  });

  it('is independent of insertion order and stable under re-parsing', () => {
    const a = canonicalize({ b: [1, { y: 2, x: 1 }], a: 'x' });
    const b = canonicalize({ a: 'x', b: [1, { x: 1, y: 2 }] });
    expect(a).toBe(b);
    expect(canonicalize(JSON.parse(a))).toBe(a);
  });

  it('gives exactly the text of the exact writer on any JSON value (fast path)', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', '0', '10', '01', 'toJSON', '\\ud800'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string({ unit: 'binary' }),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        let exact: string | Error;
        try {
          exact = canonicalizeExact(v);
        } catch (err) {
          exact = err as Error;
        }
        if (exact instanceof Error) expect(() => canonicalize(v)).toThrow(CanonicalizationError);
        else expect(canonicalize(v)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });
});
