/**
 * agentwall with one injected fault, for bench/load and bench/soak. Usage:
 *   node --no-node-snapshot --import tsx bench/servers/agentwall-fault.ts <fault>
 * fault: none | slow-audit | policy-reload | sandbox-crash | judge-timeout
 * Prints `listening on <url>` on stderr. The fault runs inside this process, through the same
 * seams the fault tests use (test/helpers/load.ts).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { createLogSink } from '../../src/audit/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log.js';
import { createRuntime } from '../../src/runtime.js';
import { listen } from '../../src/server/serve.js';
import { blackHole, crashLoop, reloadLoop, slowSink } from '../../test/helpers/load.js';

const fault = process.argv[2] ?? 'none';
const root = resolve(import.meta.dirname, '../..');
let policiesDir = resolve(root, 'policies');
if (fault === 'judge-timeout') {
  // The shipped policies with the LLM judge on, asked about every text, at an endpoint that
  // accepts connections and never answers; its timeout is 200 ms.
  const hole = await blackHole();
  policiesDir = mkdtempSync(join(tmpdir(), 'aw-judge-'));
  cpSync(resolve(root, 'policies'), policiesDir, { recursive: true });
  const doc = parse(readFileSync(join(policiesDir, 'firewall.yaml'), 'utf8'));
  doc.detect.judge = {
    ...doc.detect.judge,
    enabled: true,
    url: `${hole.url}/v1/chat/completions`,
    timeoutMs: 200,
    greyZone: { low: 0, high: 1 },
  };
  writeFileSync(join(policiesDir, 'firewall.yaml'), stringify(doc));
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
