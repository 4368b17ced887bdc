import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime.js';
import { listen } from '../../server/serve.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the agentwall HTTP sidecar',
  usage: `Usage: agentwall serve [options]

Starts the HTTP service on the configured policies. Stops gracefully on SIGTERM or SIGINT:
stops accepting, drains in-flight requests, flushes logs.

Options:
  -c, --config <file>     config file (YAML or JSON); default: $AGENTWALL_CONFIG or ./agentwall.yaml
      --host <host>       listen address (default 127.0.0.1; env AGENTWALL_HOST)
      --port <port>       listen port (default 8787; env AGENTWALL_PORT)
      --policies <dir>    policies directory (env AGENTWALL_POLICIES_DIR)
  -h, --help              show this help`,
  async run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string' },
      policies: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const config = loadConfig({
      file: values.config,
      defaultFile: 'agentwall.yaml',
      overrides: {
        server: {
          ...(values.host === undefined ? {} : { host: values.host }),
          ...(values.port === undefined ? {} : { port: portOf(values.port) }),
        },
        ...(values.policies === undefined ? {} : { policies: { dir: values.policies } }),
      },
    });
    const runtime = await createRuntime(config);
    const server = await listen(runtime, config);
    io.stderr.write(`agentwall listening on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        runtime.deps.logger.info({ signal }, 'shutting down: draining in-flight requests');
        server
          .stop()
          .catch((err: unknown) => runtime.deps.logger.error({ err }, 'error during shutdown'))
          .finally(() => {
            runtime.deps.logger.flush();
            resolve();
          });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
    return 0;
  },
};

function portOf(raw: string): number {
  if (!/^\d{1,5}$/.test(raw)) return Number.NaN;
  return Number(raw);
}
