import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AgentwallError } from '../errors.js';

/** One top-level section of policies/firewall.yaml (undefined when absent); each layer validates its own. */
export function readSection(file: string, section: 'sanitize' | 'output'): unknown {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new AgentwallError('policy_invalid', {
      detail: `${file}: ${(err as Error).message.slice(0, 200)}`,
      cause: err,
    });
  }
  if (doc === null || doc === undefined) return undefined;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new AgentwallError('policy_invalid', { detail: `${file}: expected a mapping at the top level` });
  }
  return (doc as Record<string, unknown>)[section];
}
