import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import { issueCanary } from '../../firewall/canary/index.js';
import type { OutputSource } from '../../firewall/output/index.js';
import { guardOutput } from '../../pipeline.js';
import type { JsonValue } from '../../types.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';
import { SESSION_ID } from './guard.js';

interface OutputBody {
  text?: string;
  value?: JsonValue;
  session?: string;
  source?: OutputSource;
}

const ajv = new Ajv({ strict: true, allErrors: true });

const validateOutput = ajv.compile<OutputBody>({
  type: 'object',
  additionalProperties: false,
  properties: {
    text: { type: 'string' },
    value: {},
    session: SESSION_ID,
    source: { enum: ['tool', 'retrieval', 'model'] },
  },
});

const validateCanary = ajv.compile<{ session: string }>({
  type: 'object',
  additionalProperties: false,
  required: ['session'],
  properties: { session: SESSION_ID },
});

/** L3 endpoints: filter outputs, issue canaries. Parse, call the domain, answer. */
export function outputRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = { maxBytes: deps.config.server.bodyLimitBytes, maxDepth: deps.config.server.maxJsonDepth };

  app.post('/v1/guard/output', authorize(deps.access, 'guard', 'call'), async (c) => {
    const body = await readJson(c, limits, validateOutput);
    if ((body.text === undefined) === (body.value === undefined)) {
      throw new AgentwallError('invalid_request', { detail: 'send exactly one of "text" or "value"' });
    }
    const result = await guardOutput(deps, {
      principal: c.get('principal'),
      requestId: c.get('requestId'),
      value: body.text ?? body.value ?? null,
      session: body.session,
      source: body.source,
    });
    return c.json(result);
  });

  app.post('/v1/canaries', authorize(deps.access, 'canaries', 'create'), async (c) => {
    const body = await readJson(c, limits, validateCanary);
    const canary = issueCanary(deps.output.canaries, body.session, {
      ttlMs: deps.output.config.canary.ttlSeconds * 1000,
    });
    return c.json(
      { canary: canary.token, session: canary.session, expiresAt: new Date(canary.expiresAt).toISOString() },
      201,
    );
  });

  return app;
}
