import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import { recordDecision, startTrace } from '../../pipeline.js';
import type { PolicySet } from '../../policy/index.js';
import { describe } from '../../policy/reload.js';
import {
  type LoadedCase,
  loadCases,
  runPolicyTests,
  type TestCase,
  type TestReport,
} from '../../policy/testing.js';
import type { Principal } from '../../types.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';

/** Files a policy set is made of; anything else in an upload is refused. */
const FILE_NAME =
  '^(model\\.conf|rules\\.yaml|tools/[a-z0-9_.-]{1,64}\\.json|tests/[A-Za-z0-9_.-]{1,64}\\.ya?ml)$';
const MAX_SET_BYTES = 16 * 1024 * 1024;

interface PutBody {
  files: Record<string, string | null>;
  /** `merge` (default): overlay the files on the active set, `null` deletes one. `replace`: the files are the whole set. */
  mode?: 'merge' | 'replace';
}
interface TestBody {
  files?: Record<string, string | null>;
  cases?: TestCase[];
}

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
const filesSchema = {
  type: 'object',
  maxProperties: 2000,
  propertyNames: { pattern: FILE_NAME },
  additionalProperties: { type: ['string', 'null'], maxLength: 8 * 1024 * 1024 },
};
const validatePut = ajv.compile<PutBody>({
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: { files: filesSchema, mode: { enum: ['merge', 'replace'] } },
});
const validateTest = ajv.compile<TestBody>({
  type: 'object',
  additionalProperties: false,
  properties: { files: filesSchema, cases: { type: 'array', maxItems: 10_000, items: { type: 'object' } } },
});
const validateRollback = ajv.compile<{ version: string }>({
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: { version: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
});

function summary(set: PolicySet) {
  return {
    version: set.version,
    loadedAt: set.loadedAt,
    rules: set.rules.rules.length,
    budgets: set.rules.flow.budgets.length,
    tools: set.registry.names().length,
    files: [...set.files.keys()].sort(),
  };
}

function reportView(r: TestReport) {
  return {
    passed: r.passed,
    failed: r.failed,
    unhit: r.unhit,
    results: r.results.map((x) => ({
      case: `${x.file}:${x.line}`,
      note: x.note,
      pass: x.pass,
      want: x.want,
      got: x.got,
      explanation: x.decision.explanation,
    })),
  };
}

function overlay(
  base: ReadonlyMap<string, string>,
  files: Record<string, string | null>,
  mode: 'merge' | 'replace',
) {
  const out = new Map(mode === 'merge' ? base : []);
  for (const [k, v] of Object.entries(files)) {
    if (v === null) out.delete(k);
    else out.set(k, v);
  }
  return out;
}

/** Policy administration, guarded by the built-in API model (policy-admin role). */
export function policyRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = { maxBytes: Math.max(deps.config.server.bodyLimitBytes, MAX_SET_BYTES), maxDepth: 16 };
  const r = deps.policyReloader;

  const audit = (
    c: { get(k: 'principal'): Principal; get(k: 'requestId'): string },
    rule: string,
    message: string,
    version: string,
  ) =>
    recordDecision(deps, startTrace(), {
      kind: 'admin',
      principal: c.get('principal'),
      requestId: c.get('requestId'),
      session: null,
      tool: null,
      args: null,
      decision: 'allow',
      reasons: [{ layer: 'policy', rule, message }],
      policyVersion: version,
      usage: null,
    });

  /** Builds a candidate; a build failure is a 422 naming file and line. */
  const build = async (files: ReadonlyMap<string, string>) => {
    try {
      return await r.candidate(files);
    } catch (err) {
      if (err instanceof AgentwallError) throw err;
      throw new AgentwallError('policy_invalid', { detail: describe(err) });
    }
  };

  app.get('/v1/policies', authorize(deps.access, 'policies', 'read'), (c) => {
    const active = deps.policies.current();
    const include = c.req.query('include') === 'files';
    return c.json({
      active: active
        ? { ...summary(active), ...(include ? { content: Object.fromEntries(active.files) } : {}) }
        : null,
      history: deps.policies.history().map(summary),
      reload: r.status,
    });
  });

  app.put('/v1/policies', authorize(deps.access, 'policies', 'write'), async (c) => {
    const body = await readJson(c, limits, validatePut);
    const base = deps.policies.current()?.files ?? new Map<string, string>();
    const set = await build(overlay(base, body.files, body.mode ?? 'merge'));
    const { report, changed } = await r.apply(set, `api:${c.get('principal').id}`);
    await audit(
      c,
      'policy_activated',
      `policy set ${set.version} activated (${report.passed} tests passed)`,
      set.version,
    );
    return c.json({
      activated: summary(set),
      changed,
      tests: { passed: report.passed, failed: report.failed, unhit: report.unhit },
    });
  });

  app.post('/v1/policies/test', authorize(deps.access, 'policies', 'test'), async (c) => {
    const body = await readJson(c, limits, validateTest);
    const active = deps.policies.current();
    if (!active && !body.files) throw new AgentwallError('not_ready', { detail: 'no active policy set' });
    const set = body.files ? await build(overlay(active?.files ?? new Map(), body.files, 'merge')) : active!;
    let cases: LoadedCase[] | undefined;
    if (body.cases) {
      cases = loadCases(new Map([['tests/request.yaml', JSON.stringify({ cases: body.cases })]]));
    }
    const report = await runPolicyTests(set, cases);
    return c.json({ version: set.version, ...reportView(report) });
  });

  app.post('/v1/policies/rollback', authorize(deps.access, 'policies', 'rollback'), async (c) => {
    const body = await readJson(c, limits, validateRollback);
    const set = await r.rollback(body.version);
    await audit(c, 'policy_rollback', `rolled back to ${set.version}`, set.version);
    return c.json({ activated: summary(set) });
  });

  return app;
}
