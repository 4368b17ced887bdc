/**
 * Policy unit tests as data: policies/tests/*.yaml hold cases {note, request, given?, repeat?,
 * want: {decision, rule?}}. Each case runs against a fresh flow store and approvals queue, through
 * the same layer the server uses (rules, conditions, flow) plus the tool's argument schema.
 */
import { Ajv } from 'ajv';
import { AgentwallError } from '../errors.js';
import type { DecisionValue, JsonObject, Principal } from '../types.js';
import { ApprovalQueue } from './approvals.js';
import { type InputSource, sessionKey } from './flow/engine.js';
import { MemoryFlowStore } from './flow/memory.js';
import { type CallDecision, PolicyLayer } from './layer.js';
import { schemaIssues } from './registry.js';
import type { PolicySet } from './set.js';
import { parseYamlSource } from './yaml-source.js';

export interface TestCase {
  readonly note: string;
  readonly request: {
    readonly principal: string;
    readonly tenant?: string;
    readonly tool: string;
    readonly args?: JsonObject;
    readonly session?: string;
  };
  /** Session state before the call: untrusted input already ingested. */
  readonly given?: {
    readonly tainted?: InputSource | 'output';
    /** Budget usage already consumed in this session, by budget id. */
    readonly budgets?: Readonly<Record<string, number>>;
  };
  /** Issue the request this many times; `want` applies to the last (budgets, loops). */
  readonly repeat?: number;
  readonly want: { readonly decision: DecisionValue; readonly rule?: string };
}

export interface CaseResult {
  readonly file: string;
  readonly line: number;
  readonly note: string;
  readonly pass: boolean;
  readonly got: { readonly decision: DecisionValue; readonly rules: readonly string[] };
  readonly want: TestCase['want'];
  readonly decision: CallDecision;
}

export interface TestReport {
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** Rules and budgets that no case made apply. */
  readonly unhit: readonly string[];
}

const caseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['note', 'request', 'want'],
  properties: {
    note: { type: 'string', minLength: 1, maxLength: 500 },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['principal', 'tool'],
      properties: {
        principal: { type: 'string', minLength: 1, maxLength: 200 },
        tenant: { type: 'string', minLength: 1, maxLength: 64 },
        tool: { type: 'string', minLength: 1, maxLength: 128 },
        args: { type: 'object' },
        session: { type: 'string', minLength: 1, maxLength: 128 },
      },
    },
    given: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tainted: { enum: ['user', 'tool', 'retrieval', 'output'] },
        budgets: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
      },
    },
    repeat: { type: 'integer', minimum: 1, maximum: 10_000 },
    want: {
      type: 'object',
      additionalProperties: false,
      required: ['decision'],
      properties: { decision: { enum: ['allow', 'deny', 'review'] }, rule: { type: 'string', minLength: 1 } },
    },
  },
} as const;
const validateFile = new Ajv({ strict: true, allErrors: false }).compile<{ cases: TestCase[] }>({
  type: 'object',
  additionalProperties: false,
  required: ['cases'],
  properties: { cases: { type: 'array', items: caseSchema } },
});

export interface LoadedCase {
  readonly file: string;
  readonly line: number;
  readonly case: TestCase;
}

/** Parses every `tests/*.yaml` of a set; throws `policy_invalid` with file:line on a malformed file. */
export function loadCases(files: ReadonlyMap<string, string>): LoadedCase[] {
  const out: LoadedCase[] = [];
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith('tests/')) continue;
    const src = parseYamlSource(name, text);
    if (!validateFile(src.value)) {
      const e = validateFile.errors?.[0];
      const where = `${name}:${src.lineOf(e?.instancePath ?? '')}`;
      const what =
        e?.keyword === 'additionalProperties'
          ? `unknown field "${String(e.params.additionalProperty)}"`
          : e?.message;
      throw new AgentwallError('policy_invalid', {
        detail: `${where}: ${e?.instancePath || '(root)'} ${what}`,
        errors: [{ path: where, message: String(what) }],
      });
    }
    src.value.cases.forEach((c, i) => {
      out.push({ file: name, line: src.lineOf(['cases', i]), case: c });
    });
  }
  return out;
}

export function principalOf(set: PolicySet, r: TestCase['request']): Principal {
  const tenant = r.tenant ?? set.rules.tenants[0]?.id ?? 'default';
  return { id: r.principal, tenant, roles: ['agent'], keyId: 'policy-test' };
}

/** The whole decision for one request as the server would make it, minus the firewall and audit. */
export async function evaluateCase(set: PolicySet, c: TestCase): Promise<CallDecision> {
  const layer = new PolicyLayer({ flowStore: new MemoryFlowStore(), approvals: new ApprovalQueue() });
  const principal = principalOf(set, c.request);
  const session = c.request.session ?? 'policy-test';
  if (c.given?.tainted) {
    const t = c.given.tainted;
    await layer.ingest(set, principal, session, t === 'output' ? { output: 'policy-test' } : t);
  }
  for (const [id, used] of Object.entries(c.given?.budgets ?? {})) {
    await layer
      .engineFor(set)
      .preload(sessionKey(principal.tenant, principal.id, session), id, c.request.tool, used, Date.now());
  }
  const args = c.request.args ?? {};
  let d: CallDecision | null = null;
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    d = await layer.decideCall(set, { principal, tool: c.request.tool, args, session });
  }
  const decision = d!;
  const tool = set.registry.get(c.request.tool);
  if (decision.decision !== 'deny' && tool) {
    const issues = schemaIssues(tool.validateInput, args);
    if (issues.length > 0) {
      return {
        ...decision,
        decision: 'deny',
        reasons: issues.map((x) => ({
          layer: 'schema',
          rule: 'invalid_arguments',
          message: `${x.path}: ${x.message}`,
        })),
      };
    }
  }
  return decision;
}

/** Ids of rules/budgets that made this decision what it is. */
export function hitRules(d: CallDecision): string[] {
  const p = d.explanation.policy;
  return [
    ...new Set([
      ...p.matchedAllow.map((r) => r.id),
      ...p.matchedDeny.map((r) => r.id),
      ...p.matchedReview.map((r) => r.id),
      ...d.reasons.map((r) => r.rule),
    ]),
  ];
}

export async function runPolicyTests(
  set: PolicySet,
  cases: readonly LoadedCase[] = loadCases(set.files),
): Promise<TestReport> {
  const results: CaseResult[] = [];
  const hit = new Set<string>();
  for (const { file, line, case: c } of cases) {
    const d = await evaluateCase(set, c);
    const rules = d.reasons.map((r) => r.rule);
    for (const id of hitRules(d)) hit.add(id);
    const pass = d.decision === c.want.decision && (c.want.rule === undefined || rules.includes(c.want.rule));
    results.push({
      file,
      line,
      note: c.note,
      pass,
      got: { decision: d.decision, rules },
      want: c.want,
      decision: d,
    });
  }
  const all = [...set.rules.rules.map((r) => r.id), ...set.rules.flow.budgets.map((b) => b.id)];
  const failed = results.filter((r) => !r.pass).length;
  return { results, passed: results.length - failed, failed, unhit: all.filter((id) => !hit.has(id)) };
}

/** A table for humans: one line per case. */
export function formatReport(report: TestReport): string {
  const rows = report.results.map((r) => [
    r.pass ? 'PASS' : 'FAIL',
    `${r.file}:${r.line}`,
    r.note,
    `${r.want.decision}${r.want.rule ? ` (${r.want.rule})` : ''}`,
    `${r.got.decision}${r.got.rules.length ? ` (${r.got.rules.join(', ')})` : ''}`,
  ]);
  const head = ['', 'case', 'note', 'want', 'got'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cols: string[]) =>
    cols
      .map((c, i) => c.slice(0, 60).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    line(head),
    ...rows.map(line),
    '',
    `${report.passed} passed, ${report.failed} failed, ${report.results.length} cases`,
  ];
  if (report.unhit.length > 0) out.push(`rules no case hits: ${report.unhit.join(', ')}`);
  return `${out.join('\n')}\n`;
}
