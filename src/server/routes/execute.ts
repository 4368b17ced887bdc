import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import { executeTool } from '../../pipeline/execute.js';
import type { JsonObject } from '../../types.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';
import { SESSION_ID, TOOL_NAME } from './guard.js';

interface ExecuteBody {
  args: JsonObject;
  session?: string;
  approvalId?: string;
}

const validateBody = new Ajv({ strict: true, allErrors: true }).compile<ExecuteBody>({
  type: 'object',
  additionalProperties: false,
  required: ['args'],
  properties: {
    args: { type: 'object' },
    session: SESSION_ID,
    approvalId: { type: 'string', pattern: '^apr_[0-9a-f-]{36}$' },
  },
});
const toolName = new RegExp(TOOL_NAME.pattern);

/** POST /v1/tools/{name}/execute: decide, then run the tool in the sandbox. */
export function executeRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = { maxBytes: deps.config.server.bodyLimitBytes, maxDepth: deps.config.server.maxJsonDepth };

  app.post('/v1/tools/:name/execute', authorize(deps.access, 'tools.execute', 'call'), async (c) => {
    const name = c.req.param('name');
    if (!toolName.test(name)) throw new AgentwallError('invalid_request', { detail: 'invalid tool name' });
    const body = await readJson(c, limits, validateBody);
    if (!deps.sandbox) throw new AgentwallError('unavailable', { detail: 'the sandbox is not enabled' });
    const result = await executeTool(
      { ...deps, sandbox: deps.sandbox },
      {
        principal: c.get('principal'),
        requestId: c.get('requestId'),
        tool: name,
        args: body.args,
        session: body.session,
        approvalId: body.approvalId,
      },
    );
    return c.json(result);
  });
  return app;
}
