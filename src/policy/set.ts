import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentwallError } from '../errors.js';
import { createMatcher, type RuleMatcher } from './casbin.js';
import { loadRegistry, registryFromFiles, type ToolRegistry } from './registry.js';
import { compileRules, type RuleDef, type RuleSet, toCasbinLines } from './rules.js';
import { parseYamlSourceAsync } from './yaml-source.js';

/** An immutable, fully validated policy set. A new version is a new object, swapped in whole. */
export interface PolicySet {
  /** Content hash of every file in the set. */
  readonly version: string;
  readonly loadedAt: string;
  readonly dir: string;
  readonly registry: ToolRegistry;
  readonly rules: RuleSet;
  readonly ruleById: ReadonlyMap<string, RuleDef>;
  readonly matcher: RuleMatcher;
  /** Raw file contents by relative path, for history, diff and rollback. */
  readonly files: ReadonlyMap<string, string>;
}

export interface LoadPolicyOptions {
  readonly cacheSize?: number;
}

/** Loads and validates a whole policies directory. Throws `policy_invalid` naming file and line. */
export async function loadPolicySet(dir: string, opts: LoadPolicyOptions = {}): Promise<PolicySet> {
  const files = new Map<string, string>();
  const modelText = readText(dir, 'model.conf');
  files.set('model.conf', modelText);
  const rulesText = readText(dir, 'rules.yaml');
  files.set('rules.yaml', rulesText);
  const { registry, files: toolFiles } = loadRegistry(join(dir, 'tools'));
  for (const [k, v] of toolFiles) files.set(k, v);
  // Policy tests travel with the set: a set is only swapped in when its own tests pass.
  for (const [k, v] of readTests(dir)) files.set(k, v);
  return buildPolicySet(dir, files, registry, opts);
}

/** Builds a set from uploaded files (`rules.yaml`, `model.conf`, `tools/*.json`, `tests/*.yaml`). */
export function policySetFromFiles(
  dir: string,
  files: ReadonlyMap<string, string>,
  opts: LoadPolicyOptions = {},
): Promise<PolicySet> {
  return buildPolicySet(dir, files, registryFromFiles(files, dir), opts);
}

function readTests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(join(dir, 'tests'))
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch {
    return out;
  }
  for (const f of names) out.set(`tests/${f}`, readText(join(dir, 'tests'), f));
  return out;
}

/** Builds a set from in-memory files (used by loading, admin uploads and rollback). */
export async function buildPolicySet(
  dir: string,
  files: ReadonlyMap<string, string>,
  registry: ToolRegistry,
  opts: LoadPolicyOptions = {},
): Promise<PolicySet> {
  const rulesText = files.get('rules.yaml') ?? '';
  const modelText = files.get('model.conf') ?? '';
  const rules = compileRules(await parseYamlSourceAsync('rules.yaml', rulesText), registry.names());
  const matcher = await createMatcher(modelText, toCasbinLines(rules), opts.cacheSize ?? 50_000);
  return Object.freeze({
    version: versionOf(files),
    loadedAt: new Date().toISOString(),
    dir,
    registry,
    rules,
    ruleById: new Map(rules.rules.map((r) => [r.id, r])),
    matcher,
    files,
  });
}

export function versionOf(files: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const name of [...files.keys()].sort()) {
    h.update(name)
      .update('\u0000')
      .update(files.get(name) ?? '')
      .update('\u0000');
  }
  return h.digest('hex').slice(0, 16);
}

function readText(dir: string, name: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch (err) {
    throw new AgentwallError('policy_invalid', {
      detail: `cannot read ${join(dir, name)}: ${(err as Error).message}`,
    });
  }
}
