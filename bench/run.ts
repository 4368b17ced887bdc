/**
 * Runs benchmarks and stores each one's figures in bench/results/<name>.json, then regenerates
 * docs/benchmarks.md. Usage: npm run bench [-- name ...] (default: every bench/*.ts file).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { machine } from './lib/machine.js';
import { writeReport } from './report.js';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'report.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = args.filter((a) => !all.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}\navailable: ${all.join(', ')}\n`);
  process.exit(2);
}
const names = args.length > 0 ? args : all;

let failed = 0;
for (const name of names) {
  const command = `node --no-node-snapshot --import tsx bench/${name}.ts`;
  process.stderr.write(`\n== ${name}: ${command}\n`);
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', join(dir, `${name}.ts`)],
    {
      cwd: resolve(dir, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const last = res.stdout.trim().split('\n').at(-1) ?? '';
  let figures: unknown;
  try {
    figures = JSON.parse(last);
  } catch {
    process.stderr.write(`!! ${name} printed no JSON figures (exit ${res.status})\n`);
    failed++;
    continue;
  }
  const result = {
    name,
    command,
    date: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    figures,
  };
  writeFileSync(join(dir, 'results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`${JSON.stringify(figures)}\n`);
}
writeReport();
process.exit(failed > 0 ? 1 : 0);
