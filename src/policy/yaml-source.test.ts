import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  lineTable,
  parseWithDoc,
  parseYamlSourceAsync,
  sourceFromTable,
  WORKER_PARSE_BYTES,
} from './yaml-source.js';

const RULES = readFileSync(resolve(import.meta.dirname, '../../policies/rules.yaml'), 'utf8');

describe('YAML sources parsed elsewhere', () => {
  it('should answer lineOf from a line table exactly as from the document', () => {
    const { source, doc, lineCounter } = parseWithDoc('rules.yaml', RULES);
    const table = sourceFromTable('rules.yaml', source.value, lineTable(doc, lineCounter));
    const paths: (string | (string | number)[])[] = [
      ['rules', 0],
      ['rules', 3, 'when', 0],
      ['rules', 7, 'when', 0, 'url', 'allowHosts'],
      '/flow/budgets/1/cost',
      '/roles/2/inherits',
      ['rules', 999, 'id'],
      [],
    ];
    for (const p of paths) expect(table.lineOf(p)).toBe(source.lineOf(p));
    expect(table.value).toEqual(source.value);
  });

  it('should parse a large file with the same value and refuse a broken one with its line', async () => {
    const big = `${RULES}\n${'# padding\n'.repeat(Math.ceil(WORKER_PARSE_BYTES / 10))}`;
    const src = await parseYamlSourceAsync('rules.yaml', big);
    expect(src.value).toEqual(parseWithDoc('rules.yaml', RULES).source.value);
    await expect(parseYamlSourceAsync('rules.yaml', big.replace('rules:', 'rules: ['))).rejects.toThrow(
      /rules\.yaml:\d+/,
    );
  });
});
