import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import { guardInput, type InputMessage, MAX_MESSAGES } from '../../guard-input.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';
import { SESSION_ID } from './guard.js';

type Part = { type: string; text?: string };
interface GuardInputBody {
  text?: string;
  messages?: { role: string; content: string | Part[] }[];
  source?: 'user' | 'tool' | 'retrieval';
  session?: string;
}

// Message count is checked by hand (413) before the schema, so 10,000+ messages never reach ajv.
const validate = new Ajv({ strict: true, allErrors: false }).compile<GuardInputBody>({
  type: 'object',
  additionalProperties: false,
  properties: {
    text: { type: 'string' },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        required: ['role', 'content'],
        properties: {
          role: { type: 'string', maxLength: 64 },
          // OpenAI-style content: a string, or parts of which the `text` ones are scanned.
          content: {
            anyOf: [
              { type: 'string' },
              {
                type: 'array',
                maxItems: 1000,
                items: {
                  type: 'object',
                  required: ['type'],
                  properties: { type: { type: 'string' }, text: { type: 'string' } },
                },
              },
            ],
          },
        },
      },
    },
    source: { enum: ['user', 'tool', 'retrieval'] },
    session: SESSION_ID,
  },
});

function contentText(content: string | Part[]): string {
  if (typeof content === 'string') return content;
  return content
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

/** POST /v1/guard/input: scan text or chat messages entering the model. */
export function guardInputRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = { maxBytes: deps.config.server.bodyLimitBytes, maxDepth: deps.config.server.maxJsonDepth };

  app.post('/v1/guard/input', authorize(deps.access, 'guard', 'call'), async (c) => {
    const raw = await readJson(c, limits);
    const msgs =
      raw && typeof raw === 'object' && !Array.isArray(raw)
        ? (raw as { messages?: unknown }).messages
        : undefined;
    if (Array.isArray(msgs) && msgs.length > MAX_MESSAGES) {
      throw new AgentwallError('payload_too_large', {
        detail: `at most ${MAX_MESSAGES} messages per request`,
      });
    }
    if (!validate(raw)) {
      const e = validate.errors?.[0];
      throw new AgentwallError('invalid_request', {
        detail: `${e?.instancePath || '/'}: ${e?.message ?? 'invalid'} (send {text} or {messages: [{role, content: string}]}, source user|tool|retrieval)`,
      });
    }
    const body = raw;
    if ((body.text === undefined) === (body.messages === undefined)) {
      throw new AgentwallError('invalid_request', { detail: 'send exactly one of {text} or {messages}' });
    }
    const messages: InputMessage[] | undefined = body.messages?.map((m) => ({
      role: m.role,
      content: contentText(m.content),
    }));
    const result = await guardInput(deps, {
      principal: c.get('principal'),
      requestId: c.get('requestId'),
      source: body.source ?? 'user',
      session: body.session,
      text: body.text,
      messages,
    });
    return c.json(result);
  });

  return app;
}
