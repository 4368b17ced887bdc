import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvHeader, csvRow, jsonLine } from '../../audit/export-format.js';
import { createKeyInDir } from '../../audit/keys.js';
import type { VerifyReport } from '../../audit/verify.js';
import { parse } from '../args.js';
import { type CliIO, UsageError } from '../command.js';
import { FILTER_OPTIONS, filterFrom, locate, openExisting, STORE_OPTIONS } from './audit-common.js';

export async function verifyRun(argv: readonly string[], io: CliIO, usage: string): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const store = openExisting(values);
  let report: VerifyReport;
  try {
    report = await store.verify({ full: true });
  } finally {
    await store.close();
  }
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.ok) {
    if (!values.json) {
      const cp = report.lastCheckpoint;
      io.stdout.write(
        `OK: ${report.events} events (seq ${report.firstSeq}-${report.lastSeq}), ${report.checkpoints} signed checkpoint(s)` +
          `${cp ? `, last at ${cp.count} (${cp.time}, key ${cp.keyId})` : ''}; ${report.unanchored} event(s) after the last checkpoint\n`,
      );
    }
    return 0;
  }
  const f = report.failure;
  io.stderr.write(`TAMPERED at event ${f?.seq}: ${f?.problem}: ${f?.detail}\n`);
  return f?.problem === 'unreadable' ? 2 : 1;
}

export async function exportRun(argv: readonly string[], io: CliIO, usage: string): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    ...FILTER_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  const filter = filterFrom(values);
  const store = openExisting(values);
  const out = values.out ? createWriteStream(values.out, { flags: 'wx', mode: 0o600 }) : io.stdout;
  const write = async (s: string) => {
    // Respect backpressure so memory stays bounded on a slow pipe or disk.
    if (!out.write(s)) await once(out, 'drain');
  };
  let n = 0;
  try {
    if (format === 'csv') await write(csvHeader());
    let chunk = '';
    for await (const e of store.export(filter)) {
      chunk += format === 'csv' ? csvRow(e) : jsonLine(e);
      n++;
      if (chunk.length > 65_536) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk) await write(chunk);
  } finally {
    await store.close();
    if (values.out) await new Promise<void>((r) => (out as NodeJS.WritableStream).end(() => r()));
  }
  io.stderr.write(`exported ${n} event(s)\n`);
  return 0;
}

export async function keygenRun(argv: readonly string[], io: CliIO, usage: string): Promise<number> {
  const { values } = parse(argv, { ...STORE_OPTIONS, 'no-activate': { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const dir = locate(values).keys;
  const id = createKeyInDir(dir, !values['no-activate']);
  io.stdout.write(
    `key id:      ${id}\nprivate key: ${dir}/${id}.key.pem (keep on the server only)\npublic key:  ${dir}/${id}.pub.pem (copy to verifiers)\n` +
      `${values['no-activate'] ? 'not active: checkpoints are still signed by the previous key\n' : 'active: new checkpoints are signed with this key\n'}`,
  );
  return 0;
}

export async function pruneRun(argv: readonly string[], io: CliIO, usage: string): Promise<number> {
  const { values } = parse(argv, {
    ...STORE_OPTIONS,
    before: { type: 'string' },
    'older-than-days': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  let before: number;
  if (values.before !== undefined && values['older-than-days'] === undefined) {
    before = filterFrom({ from: values.before }).from ?? Number.NaN;
  } else if (values['older-than-days'] !== undefined && values.before === undefined) {
    const days = Number(values['older-than-days']);
    if (!Number.isInteger(days) || days < 1 || days > 36_500)
      throw new UsageError('--older-than-days must be an integer from 1 to 36500');
    before = Date.now() - days * 86_400_000;
  } else {
    throw new UsageError('give exactly one of --before or --older-than-days');
  }
  const store = openExisting(values);
  try {
    const { removed, anchor } = await store.prune(before);
    io.stdout.write(
      removed === 0
        ? 'nothing to prune\n'
        : `removed ${removed} event(s); signed anchor checkpoint at ${anchor?.count} (key ${anchor?.keyId})\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
