import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvCell } from './export-format.js';
import { makeCursor, ParamError, parseQuery } from './params.js';

const opts = { defaultLimit: 50, maxLimit: 500, cursorKey: randomBytes(32) };

describe('parseQuery', () => {
  it('reads filters, order and limit', () => {
    const q = parseQuery(
      {
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02',
        tenant: 'acme',
        decision: 'deny',
        rule: 'deny-shell',
        q: 'Shell',
        order: 'asc',
        limit: '20',
      },
      opts,
    );
    expect(q).toEqual({
      filter: {
        from: Date.UTC(2026, 0, 1),
        to: Date.UTC(2026, 0, 2),
        tenant: 'acme',
        decision: 'deny',
        rule: 'deny-shell',
        q: 'Shell',
      },
      order: 'asc',
      limit: 20,
    });
  });

  it('caps huge page sizes instead of honouring them', () => {
    expect(parseQuery({ limit: '999999999' }, opts).limit).toBe(500);
  });

  const bad: [string, Record<string, string | string[]>][] = [
    ['limit', { limit: '-1' }],
    ['limit', { limit: '0' }],
    ['limit', { limit: '1e9' }],
    ['limit', { limit: '12abc' }],
    ['limit', { limit: '99999999999999999999' }],
    ['from', { from: 'yesterday' }],
    ['from', { from: '2026-13-45T99:99:99Z' }],
    ['from', { from: '275760-09-13T00:00:00Z' }],
    ['from', { from: '2026-02-01', to: '2026-01-01' }],
    ['decision', { decision: 'maybe' }],
    ['order', { order: 'sideways' }],
    ['tenant', { tenant: "acme' OR '1'='1" }],
    ['tool', { tool: 'x'.repeat(129) }],
    ['principal', { principal: 'agent:\u202ebot' }],
    ['q', { q: 'a\u0000b' }],
    ['q', { q: 'y'.repeat(201) }],
    ['tenant', { tenant: ['a', 'b'] }],
    ['evil', { evil: '1' }],
    ['__proto__', JSON.parse('{"__proto__": "x"}')],
  ];
  it.each(bad)('refuses a bad %s with an error naming it', (param, raw) => {
    let err: unknown;
    try {
      parseQuery(raw, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamError);
    expect((err as ParamError).param).toBe(param);
  });

  it('accepts its own cursor and refuses forged, altered, foreign or re-targeted ones', () => {
    const filter = { tenant: 'acme' };
    const cursor = makeCursor({ ts: 1000, seq: 7 }, { filter, order: 'desc' }, opts.cursorKey);
    expect(parseQuery({ tenant: 'acme', cursor }, opts).after).toEqual({ ts: 1000, seq: 7 });
    const forged = `${Buffer.from('{"t":0,"s":999999}').toString('base64url')}.${cursor.split('.')[1]}`;
    const foreign = makeCursor({ ts: 1000, seq: 7 }, { filter, order: 'desc' }, randomBytes(32));
    for (const [raw] of [
      [{ tenant: 'acme', cursor: forged }],
      [{ tenant: 'acme', cursor: foreign }],
      [{ tenant: 'globex', cursor }],
      [{ tenant: 'acme', order: 'asc', cursor }],
      [{ tenant: 'acme', cursor: 'not-a-cursor' }],
      [{ tenant: 'acme', cursor: `${cursor}x` }],
      [{ tenant: 'acme', cursor: 'a'.repeat(10_000) }],
    ]) {
      expect(() => parseQuery(raw as Record<string, string>, opts)).toThrow(ParamError);
    }
  });
});

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('makes %j safe', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
});
