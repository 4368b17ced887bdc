import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { guardToolCall } from '../../pipeline.js';
import type { JsonObject, JsonValue } from '../../types.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';

/** Printable ASCII ids: control, bidi and homoglyph characters in ids are refused outright. */
export const TOOL_NAME = { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' } as const;
export const SESSION_ID = { type: 'string', pattern: '^[A-Za-z0-9_.:@/+=-]{1,128}$' } as const;

interface ToolCallBody {
  tool: string;
  args: JsonObject;
  session?: string;
  context?: JsonValue;
  approvalId?: string;
}

const validateToolCall = new Ajv({ strict: true, allErrors: true }).compile<ToolCallBody>({
  type: 'object',
  additionalProperties: false,
  required: ['tool', 'args'],
  properties: {
    tool: TOOL_NAME,
    args: { type: 'object' },
    session: SESSION_ID,
    context: {},
    approvalId: { type: 'string', pattern: '^apr_[0-9a-f-]{36}$' },
  },
});

export function guardRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = { maxBytes: deps.config.server.bodyLimitBytes, maxDepth: deps.config.server.maxJsonDepth };

  app.post('/v1/guard/tool-call', authorize(deps.access, 'guard', 'call'), async (c) => {
    const body = await readJson(c, limits, validateToolCall);
    const result = await guardToolCall(deps, {
      principal: c.get('principal'),
      requestId: c.get('requestId'),
      tool: body.tool,
      args: body.args,
      session: body.session,
      context: body.context,
      approvalId: body.approvalId,
    });
    return c.json(result);
  });

  return app;
}
