/**
 * agentwall with one injected fault, for bench/load and bench/soak. Usage:
 *   node --no-node-snapshot --import tsx bench/servers/agentwall-fault.ts <fault>
 * fault: none | slow-audit | policy-reload | sandbox-crash | judge-timeout
 * Prints `listening on <url>` on stderr. The fault runs inside this process, through the same
 * seams the fault tests use (test/helpers/load.ts).
 */
import { resolve } from 'node:path';
import { createLogSink } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log.js';
import { createRuntime } from '../../src/runtime.js';
import { listen } from '../../src/server/serve.js';
import { crashLoop, reloadLoop, slowSink } from '../../test/helpers/load.js';

const fault = process.argv[2] ?? 'none';
const root = resolve(import.meta.dirname, '../..');
const config = loadConfig({
  file: resolve(root, 'agentwall.yaml'),
  env: {},
  overrides: { server: { port: 0 }, log: { level: 'warn' } },
});
const logger = createLogger('warn');
const audit = fault === 'slow-audit' ? slowSink(createLogSink(logger), 2, 25) : undefined;
const runtime = await createRuntime(config, { logger, ...(audit ? { audit } : {}) });
const server = await listen(runtime, config);

let stopFault: () => unknown = () => undefined;
// One reload a second is far above any real deployment's rate; it puts each swap under load.
if (fault === 'policy-reload') stopFault = reloadLoop(runtime, 1000);
if (fault === 'sandbox-crash') stopFault = crashLoop('worker', 250);
if (!['none', 'slow-audit', 'policy-reload', 'sandbox-crash'].includes(fault)) {
  process.stderr.write(`fault ${fault} is not available in this build\n`);
  process.exit(3);
}
process.stderr.write(`listening on ${server.url}\n`);
process.on('SIGTERM', async () => {
  await stopFault();
  await server.stop();
  process.exit(0);
});
