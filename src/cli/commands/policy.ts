import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { lintPolicySet } from '../../policy/lint.js';
import { describe } from '../../policy/reload.js';
import { loadPolicySet } from '../../policy/set.js';
import { evaluateCase, formatReport, loadCases, runPolicyTests } from '../../policy/testing.js';
import { parse } from '../args.js';
import { type CliIO, type Command, UsageError } from '../command.js';

const USAGE = `Usage: agentwall policy <lint|test|explain> [dir] [options]

  lint [dir]                 validate the set (errors with file:line) and report risky constructs:
                             unreachable and shadowed rules, over-broad globs on write/exfiltration
                             tools, tools without argument schemas, roles without members.
                             Exit 1 on errors (and on warnings with --strict).
  test [dir]                 run tests/*.yaml cases; print a table; exit 1 on any failure;
                             list rules that no case hits (exit 1 with --require-coverage).
  explain [dir] [--request FILE|-]
                             decide one request (YAML or JSON: {principal, tenant?, tool, args,
                             session?} plus optional given/repeat like a test case) and print every
                             rule, condition and flow state that mattered. Reads stdin by default.

  dir defaults to ./policies. --json prints machine-readable output.`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

async function load(dir: string, io: CliIO) {
  try {
    return await loadPolicySet(resolve(dir));
  } catch (err) {
    io.stderr.write(`error: ${describe(err)}\n`);
    return null;
  }
}

async function lint(dir: string, json: boolean, strict: boolean, io: CliIO): Promise<number> {
  const set = await load(dir, io);
  if (!set) return 1;
  let findings: ReturnType<typeof lintPolicySet>;
  try {
    loadCases(set.files);
    findings = lintPolicySet(set);
  } catch (err) {
    io.stderr.write(`error: ${describe(err)}\n`);
    return 1;
  }
  if (json) io.stdout.write(`${JSON.stringify({ version: set.version, findings }, null, 2)}\n`);
  else {
    for (const f of findings) io.stdout.write(`${f.file}:${f.line}: ${f.level}: ${f.message} [${f.check}]\n`);
    io.stdout.write(
      `${set.rules.rules.length} rules, ${set.registry.names().length} tools: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}\n`,
    );
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  return errors > 0 || (strict && findings.length > 0) ? 1 : 0;
}

async function test(dir: string, json: boolean, requireCoverage: boolean, io: CliIO): Promise<number> {
  const set = await load(dir, io);
  if (!set) return 1;
  let report: Awaited<ReturnType<typeof runPolicyTests>>;
  try {
    report = await runPolicyTests(set);
  } catch (err) {
    io.stderr.write(`error: ${describe(err)}\n`);
    return 1;
  }
  if (json) {
    const results = report.results.map(({ decision: _d, ...r }) => r);
    io.stdout.write(`${JSON.stringify({ ...report, results }, null, 2)}\n`);
  } else io.stdout.write(formatReport(report));
  if (report.results.length === 0) io.stderr.write('warning: no test cases found in tests/*.yaml\n');
  return report.failed > 0 || (requireCoverage && report.unhit.length > 0) ? 1 : 0;
}

async function explain(dir: string, file: string | undefined, io: CliIO): Promise<number> {
  const set = await load(dir, io);
  if (!set) return 1;
  const text = file === undefined || file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
  const raw = parseYaml(text, { maxAliasCount: 100 }) as Record<string, unknown> | null;
  const request =
    raw && typeof raw === 'object' && 'request' in raw
      ? raw
      : { request: raw, want: { decision: 'allow' }, note: 'explain' };
  const [loaded] = loadCases(
    new Map([
      [
        'tests/explain.yaml',
        JSON.stringify({ cases: [{ note: 'explain', want: { decision: 'allow' }, ...request }] }),
      ],
    ]),
  );
  const d = await evaluateCase(set, loaded!.case);
  io.stdout.write(
    `${JSON.stringify({ policyVersion: set.version, decision: d.decision, reasons: d.reasons, approvalId: d.approvalId, explanation: d.explanation }, null, 2)}\n`,
  );
  return 0;
}

export const policyCommand: Command = {
  name: 'policy',
  summary: 'lint, test and explain a policy set',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'require-coverage': { type: 'boolean' },
        request: { type: 'string' },
      },
      true,
    );
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [sub, dir = 'policies', ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    switch (sub) {
      case 'lint':
        return lint(dir, values.json ?? false, values.strict ?? false, io);
      case 'test':
        return test(dir, values.json ?? false, values['require-coverage'] ?? false, io);
      case 'explain':
        return explain(dir, values.request, io);
      default:
        throw new UsageError(
          sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub.slice(0, 32)}"`,
        );
    }
  },
};
