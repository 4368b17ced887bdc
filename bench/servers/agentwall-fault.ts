import { resolve } from 'node:path';
import { createLogSink } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log.js';
import { createRuntime } from '../../src/runtime.js';
import { listen } from '../../src/server/serve.js';
import { blackHole, crashLoop, policiesWithJudgeAt, reloadLoop, slowSink } from '../../test/helpers/load.js';

const fault = process.argv[2] ?? 'none';
const root = resolve(import.meta.dirname, '../..');
let policiesDir = resolve(root, 'policies');
if (fault === 'judge-timeout') {
  // The shipped policies with the LLM judge on, asked about every text, at an endpoint that
  // accepts connections and never answers; its timeout is 200 ms.
  const hole = await blackHole();
  policiesDir = policiesWithJudgeAt(hole.url);
}
const config = loadConfig({
  file: resolve(root, 'agentwall.yaml'),
  env: {},
  overrides: { server: { port: 0 }, log: { level: 'warn' }, policies: { dir: policiesDir } },
});
const logger = createLogger('warn');
const audit = fault === 'slow-audit' ? slowSink(createLogSink(logger), 2, 25) : undefined;
const runtime = await createRuntime(config, { logger, ...(audit ? { audit } : {}) });
const server = await listen(runtime, config);

let stopFault: () => unknown = () => undefined;
// One reload a second is far above any real deployment's rate; it puts each swap under load.
if (fault === 'policy-reload') stopFault = reloadLoop(runtime, 1000);
if (fault === 'sandbox-crash') stopFault = crashLoop('worker', 250);
if (!['none', 'slow-audit', 'policy-reload', 'sandbox-crash', 'judge-timeout'].includes(fault)) {
  process.stderr.write(`fault ${fault} is not available in this build\n`);
  process.exit(3);
}
process.stderr.write(`listening on ${server.url}\n`);
process.on('SIGTERM', async () => {
  await stopFault();
  await server.stop();
  process.exit(0);
});
