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

/**
 * Synthetic generators written as contrastive pairs (attacks and their benign twins from the same
 * templates: documents with and without a hidden injection, persuasion frames around harmful and
 * harmless goals, …) form one family for grouped cross-validation. Split across folds, a fold would
 * see only one side of a pair and learn "document = attack", which inflates out-of-fold scores of
 * the other side and so the threshold picked from them.
 */
const FAMILY: Readonly<Record<string, string>> = {
  'synth:benign-docs': 'synth:docs',
  'synth:injected-docs': 'synth:docs',
  'synth:persuasion-harm': 'synth:persuasion',
  'synth:persuasion-safe': 'synth:persuasion',
  'synth:ml-mix-attack': 'synth:ml-mix',
  'synth:ml-mix-benign': 'synth:ml-mix',
  'synth:multilingual-attack': 'synth:multilingual',
  'synth:multilingual-benign': 'synth:multilingual',
  'synth:secret-ask': 'synth:secret',
  'synth:secret-social': 'synth:secret',
  'synth:secret-benign': 'synth:secret',
  'synth:soup-suffix': 'synth:suffix',
  'synth:adversarial-suffix': 'synth:suffix',
  'synth:dense-benign': 'synth:suffix',
  'synth:extract-attack': 'synth:extract',
  'synth:extract-benign': 'synth:extract',
  'synth:extract-ml-attack': 'synth:extract-ml',
  'synth:extract-ml-benign': 'synth:extract-ml',
  'synth:framed-goal-harm': 'synth:framed-goal',
  'synth:framed-goal-safe': 'synth:framed-goal',
  'synth:persona-benign': 'synth:persona',
  'synth:persona-attack': 'synth:persona',
  'synth:benign-code': 'synth:code',
  'synth:injected-code': 'synth:code',
};

/** The cross-validation family of a group (itself unless it is one side of a synthetic pair). */
export function familyOf(group: string): string {
  return FAMILY[group] ?? group;
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
