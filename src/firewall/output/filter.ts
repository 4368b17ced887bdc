/**
 * L3 of the prompt firewall: what goes back to the model or the caller. Redacts secrets and personal
 * data inside every string of a JSON value, detects canary leaks (in every L1 reading of the text,
 * so an encoded or spaced-out canary is still a leak), and asks the L2 detector whether tool or
 * retrieval output carries an injection. Anything unexpected fails closed.
 */
import { randomBytes } from 'node:crypto';
import type { JsonValue } from '../../types.js';
import { type CanaryStore, canaryFindings, findCanaries } from '../canary/index.js';
import { sanitize } from '../sanitize/index.js';
import type { Finding, Severity } from '../types.js';
import { type Chunk, chunkTexts } from './chunks.js';
import { DEFAULT_OUTPUT_CONFIG, type OutputConfig, type RuleConfig } from './config.js';
import { DETECTORS, looksGenerated, type Match } from './detectors/index.js';
import { applyRedactions, type Replacement, resolveOverlaps } from './redact.js';
import { dropLeaves, type Leaf, OutputLimitError, walk } from './walk.js';

export type OutputSource = 'tool' | 'retrieval' | 'model';

export interface OutputContext {
  readonly session?: string;
  /** Where the value comes from; `tool` and `retrieval` output is checked for indirect injection. */
  readonly source?: OutputSource;
}

/** What the L2 detector answers; `flagged` (or `score >= threshold`) means injection. */
export interface InspectVerdict {
  readonly score: number;
  readonly flagged?: boolean;
  readonly threshold?: number;
  readonly findings?: readonly Finding[];
}

export type InspectFn = (
  text: string,
  ctx: { readonly source: 'tool' | 'retrieval'; readonly session?: string },
) => Promise<InspectVerdict> | InspectVerdict;

export interface OutputDeps {
  readonly config?: OutputConfig;
  readonly canaries?: CanaryStore;
  readonly inspect?: InspectFn;
  /** HMAC key for the `hash` action; a per-process random key when absent. */
  readonly hashKey?: string | Uint8Array;
}

export interface OutputResult {
  readonly value: JsonValue;
  readonly findings: Finding[];
  readonly decision: 'allow' | 'deny';
}

const PROCESS_HASH_KEY = randomBytes(32);
const SEVERITY: Readonly<Record<string, Severity>> = { secret: 'high', pii: 'medium' };
const DETECTOR_SEVERITY = new Map(DETECTORS.map((d) => [d.id, SEVERITY[d.category] ?? 'medium']));
const DETECTOR_TEXT = new Map(DETECTORS.map((d) => [d.id, d.description]));

// Key names whose string value is a credential, compared on lower-case letters only ("apiKey",
// "api_key" and "API-KEY" alike). Password fields are secret whatever their entropy.
const SECRET_KEY_SUFFIXES = [
  'apikey',
  'secret',
  'secretkey',
  'token',
  'privatekey',
  'credential',
  'credentials',
  'accesskey',
  'accesskeyid',
];
const PASSWORD_KEYS = ['password', 'passwd', 'pwd', 'passphrase'];
const NOT_SECRET_KEYS = ['pagetoken', 'nextpagetoken', 'continuationtoken', 'csrftoken'];

function keyedSecret(leaf: Leaf): Match | null {
  if (leaf.keyName === null || leaf.keyName.length > 128 || leaf.text.length === 0) return null;
  const k = leaf.keyName.toLowerCase().replace(/[^a-z]/g, '');
  if (NOT_SECRET_KEYS.some((s) => k.endsWith(s))) return null;
  const isPassword = PASSWORD_KEYS.some((s) => k.endsWith(s));
  const isSecret =
    isPassword || (SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s)) && looksGenerated(leaf.text));
  return isSecret ? { type: 'generic_secret', start: 0, end: leaf.text.length } : null;
}

class Findings {
  private readonly byType = new Map<string, Finding>();

  add(f: Finding): void {
    const prev = this.byType.get(f.type);
    if (prev === undefined) this.byType.set(f.type, f);
    else this.byType.set(f.type, { ...prev, count: (prev.count ?? 1) + (f.count ?? 1) });
  }

  list(): Finding[] {
    return [...this.byType.values()];
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}

function scanLeaf(leaf: Leaf, rules: OutputConfig['rules']): Match[] {
  const matches: Match[] = [];
  const keyed = keyedSecret(leaf);
  if (keyed !== null && rules.generic_secret?.enabled !== false) matches.push(keyed);
  for (const d of DETECTORS) {
    if (rules[d.id]?.enabled === false) continue;
    if (d.mayMatch !== undefined && !d.mayMatch(leaf.text)) continue;
    for (const m of d.find(leaf.text)) matches.push(m);
  }
  return resolveOverlaps(matches);
}

/** Redacts one string in place in the copy; returns true when the rule says drop the value. */
function redactLeaf(
  leaf: Leaf,
  matches: readonly Match[],
  cfg: OutputConfig,
  hashKey: string | Uint8Array,
  findings: Findings,
): boolean {
  if (matches.length === 0) return false;
  const replacements: Replacement[] = [];
  let drop = false;
  for (const m of matches) {
    const rule: RuleConfig = cfg.rules[m.type] ?? { enabled: true, action: 'mask', deny: false };
    replacements.push({ match: m, action: rule.action });
    if (rule.action === 'drop') drop = true;
    findings.add({
      type: m.type,
      layer: 'output',
      message: `${DETECTOR_TEXT.get(m.type) ?? m.type} found (${rule.action === 'report' ? 'reported' : rule.action === 'drop' ? 'value dropped' : rule.action === 'hash' ? 'hashed' : 'masked'})`,
      count: 1,
      severity: DETECTOR_SEVERITY.get(m.type) ?? 'medium',
      path: leaf.path,
    });
  }
  if (!drop) {
    const next = applyRedactions(leaf.text, replacements, hashKey);
    if (Array.isArray(leaf.holder)) leaf.holder[leaf.key as number] = next;
    else leaf.holder[leaf.key as string] = next;
  }
  return drop;
}

function scanCanaries(
  chunks: readonly Chunk[],
  store: CanaryStore,
  session: string | undefined,
  findings: Findings,
): string[] {
  const leaked = new Set<string>();
  for (const chunk of chunks) {
    const views = sanitize(chunk.text).views.map((v) => v.text);
    const leaks = findCanaries(views, store);
    for (const f of canaryFindings(leaks, session, chunk.path)) findings.add(f);
    for (const c of leaks) leaked.add(c.token);
  }
  return [...leaked];
}

/** Masks the literal canary wherever it appears as written (any case); encoded copies still deny. */
function maskCanaries(
  leaves: readonly Leaf[],
  tokens: readonly string[],
  action: RuleConfig['action'],
): void {
  if (tokens.length === 0 || (action !== 'mask' && action !== 'hash')) return;
  // Tokens are `awc-` plus letters: nothing in them needs escaping.
  const re = new RegExp(tokens.join('|'), 'gi');
  for (const leaf of leaves) {
    const holder = leaf.holder as Record<string | number, JsonValue>;
    const current = holder[leaf.key];
    if (typeof current === 'string') holder[leaf.key] = current.replace(re, '[REDACTED:canary_leak]');
  }
}

async function scanInjection(
  chunks: readonly Chunk[],
  ctx: OutputContext,
  deps: OutputDeps,
  cfg: OutputConfig,
  findings: Findings,
): Promise<void> {
  const source = ctx.source ?? 'tool';
  if (
    !cfg.injection.enabled ||
    deps.inspect === undefined ||
    source === 'model' ||
    !cfg.injection.sources.includes(source)
  )
    return;
  if (cfg.rules.indirect_injection?.enabled === false) return;
  for (const chunk of chunks) {
    const verdict = await deps.inspect(
      chunk.text,
      ctx.session === undefined ? { source } : { source, session: ctx.session },
    );
    const threshold = verdict.threshold ?? cfg.injection.threshold;
    const flagged = verdict.flagged ?? verdict.score >= threshold;
    if (flagged) {
      findings.add({
        type: 'indirect_injection',
        layer: 'output',
        severity: 'high',
        message: `${source} output reads as a prompt injection (score ${verdict.score.toFixed(2)}, threshold ${threshold.toFixed(2)})`,
        count: 1,
        path: chunk.path,
      });
    }
  }
}

function deny(type: string, message: string): OutputResult {
  return {
    value: null,
    decision: 'deny',
    findings: [{ type, layer: 'output', severity: 'high', message, count: 1 }],
  };
}

export async function filterOutput(
  value: JsonValue,
  ctx: OutputContext = {},
  deps: OutputDeps = {},
): Promise<OutputResult> {
  const cfg = deps.config ?? DEFAULT_OUTPUT_CONFIG;
  try {
    const walked = walk(value, cfg.limits);
    const findings = new Findings();
    const dropped: Leaf[] = [];
    for (const leaf of walked.leaves) {
      if (redactLeaf(leaf, scanLeaf(leaf, cfg.rules), cfg, deps.hashKey ?? PROCESS_HASH_KEY, findings))
        dropped.push(leaf);
    }
    const texts = [
      ...walked.leaves.map((l) => ({ text: l.text, path: l.path })),
      ...walked.keys.map((k) => ({ text: k, path: '' })),
    ];
    const chunks = chunkTexts(texts, cfg.limits.chunkChars);
    if (deps.canaries !== undefined && cfg.rules.canary_leak?.enabled !== false) {
      const leaked = scanCanaries(chunks, deps.canaries, ctx.session, findings);
      maskCanaries(walked.leaves, leaked, cfg.rules.canary_leak?.action ?? 'mask');
    }
    await scanInjection(chunks, ctx, deps, cfg, findings);
    dropLeaves(walked.root, dropped);
    const denied = findings.types().some((t) => cfg.rules[t]?.deny === true);
    return { value: walked.root.value, findings: findings.list(), decision: denied ? 'deny' : 'allow' };
  } catch (err) {
    if (err instanceof OutputLimitError)
      return deny('output_too_large', `output not filtered: ${err.message}`);
    return deny('internal_error', 'output filter failed; the output is withheld');
  }
}
