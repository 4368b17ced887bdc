import type { Source } from '../../firewall/index.js';
import { parse } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { FIREWALL_OPTIONS, firewallFor } from '../firewall.js';

const SOURCES: readonly Source[] = ['user', 'tool', 'retrieval'];

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan a text with the prompt firewall and print the verdict',
  usage: `Usage: agentwall scan [options] ["text"]

Runs the prompt firewall (sanitize + detect, and the LLM judge if configured) on the text given
as argument, or on stdin when there is none, and prints the verdict, score and findings.
Exit code: 0 allow, 1 deny or review, 2 usage error.

Options:
  -s, --source <src>      user | tool | retrieval (default user): which thresholds apply
      --json              print the result as JSON
  -c, --config <file>     config file (default ./agentwall.yaml if present)
      --policies <dir>    policies directory holding firewall.yaml
  -h, --help              show this help`,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...FIREWALL_OPTIONS, source: { type: 'string', short: 's' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const source = (values.source ?? 'user') as Source;
    if (!SOURCES.includes(source)) throw new UsageError(`--source must be one of ${SOURCES.join(', ')}`);
    const text = positionals.length > 0 ? positionals.join(' ') : await readAll(io.stdin);
    const firewall = firewallFor(values);
    const r = await firewall.inspect(text, { source });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(r)}\n`);
    } else {
      io.stdout.write(
        `${r.decision.toUpperCase()}  score ${r.score.toFixed(3)} (deny at ${r.threshold.toFixed(3)}, source ${source})\n`,
      );
      for (const p of r.parts)
        io.stdout.write(
          `  ${p.part.padEnd(6)} ${p.score.toFixed(3)}${p.part === 'rules' && p.hits.length ? `  ${p.hits.join(', ')}` : ''}${p.part === 'model' ? `  (view: ${p.view}${p.complete ? '' : '; stopped: already decisive'})` : ''}\n`,
        );
      for (const f of r.findings)
        io.stdout.write(`  - ${f.type}${f.severity ? ` [${f.severity}]` : ''}: ${f.message}\n`);
    }
    return r.decision === 'allow' ? 0 : 1;
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}
