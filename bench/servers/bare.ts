/**
 * The baseline for bench/http: a bare Hono route on @hono/node-server that parses the JSON body
 * and answers a JSON body of the same size as agentwall's decision. Same runtime, same loader.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answer = {
  decision: 'allow',
  reasons: [
    {
      layer: 'policy',
      rule: 'support-customer-tools',
      message: 'Support may query customer data, email customers and refund payments.',
    },
  ],
  policyVersion: '0123456789abcdef',
  auditId: '01JBENCH0000000000000000000',
  latencyMs: 0.123,
};

const app = new Hono();
app.post('/echo', async (c) => {
  await c.req.json();
  return c.json(answer);
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stderr.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
