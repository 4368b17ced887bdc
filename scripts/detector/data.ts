/** Read labelled JSON Lines and prepare rows (L1 views, rule hits, features) once per text. */
import { readFileSync } from 'node:fs';
import { type FeatureGroups, featurize } from '../../src/firewall/detect/features.js';
import { type CompiledRule, matchRules } from '../../src/firewall/detect/rules.js';
import { runL1 } from '../../src/firewall/l1.js';
import type { PreparedRow } from './pipeline.js';

export interface LabelledRow {
  readonly text: string;
  readonly label: 'attack' | 'benign';
  readonly kind: string;
  readonly source: string;
}

export function readLabelled(file: string): LabelledRow[] {
  const out: LabelledRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const r = JSON.parse(line) as Partial<LabelledRow>;
      if (typeof r.text !== 'string' || (r.label !== 'attack' && r.label !== 'benign'))
        throw new Error(`${file}:${i + 1}: need text and label`);
      out.push({ text: r.text, label: r.label, kind: r.kind ?? r.label, source: r.source ?? 'unknown' });
    });
  return out;
}

/** Group = the repository part of `owner/repo:path`, or the synthetic generator's name. */
export function groupOf(source: string): string {
  return source.startsWith('synth:') ? source : (source.split(':')[0] ?? source);
}

export function prepare(
  rows: readonly LabelledRow[],
  rules: readonly CompiledRule[],
  bits: number,
  groups: FeatureGroups,
): PreparedRow[] {
  return rows.map((r) => {
    const l1 = runL1(r.text);
    const hits = matchRules(
      rules,
      l1.views.map((v) => v.text),
    );
    const primary = l1.views[0]?.text ?? l1.normalized;
    const structural = { ...groups, char: 0, word: 0 };
    return {
      label: r.label,
      kind: r.kind,
      group: groupOf(r.source),
      views: l1.views,
      x: featurize(primary, hits, { bits, groups }),
      xs: featurize(primary, hits, { bits, groups: structural }),
    };
  });
}
