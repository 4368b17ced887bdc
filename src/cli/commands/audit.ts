import type { StoredAuditEvent } from '../../audit/chain.js';
import { parse } from '../args.js';
import { type CliIO, type Command, UsageError } from '../command.js';
import { exportRun, keygenRun, pruneRun, verifyRun } from './audit-admin.js';
import {
  FILTER_HELP,
  FILTER_OPTIONS,
  filterFrom,
  openExisting,
  STORE_HELP,
  STORE_OPTIONS,
} from './audit-common.js';

const SUB: Record<
  string,
  { summary: string; usage: string; run: (argv: readonly string[], io: CliIO) => Promise<number> }
> = {};

function line(e: StoredAuditEvent): string {
  const rules = e.reasons.map((r) => r.rule).join(',');
  return `${String(e.seq).padStart(7)}  ${e.time}  ${e.decision.padEnd(6)}  ${e.tenant}  ${e.principal}  ${e.tool ?? '-'}  ${rules}\n`;
}

SUB.query = {
  summary: 'list decisions matching filters',
  usage: `Usage: agentwall audit query [filters] [--limit N] [--order asc|desc] [--json]

Options:
${FILTER_HELP}
      --limit <n>         at most n events (default 50, max 10000)
      --order <asc|desc>  by time (default desc)
      --json              one JSON object per line instead of a table
${STORE_HELP}`,
  async run(argv, io) {
    const { values } = parse(argv, {
      ...STORE_OPTIONS,
      ...FILTER_OPTIONS,
      limit: { type: 'string' },
      order: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, this.usage);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be an integer from 1 to 10000');
    const order = values.order ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw new UsageError('--order must be asc or desc');
    const filter = filterFrom(values);
    const store = openExisting(values);
    try {
      const page = await store.query({ filter, order, limit });
      for (const e of page.events) io.stdout.write(values.json ? `${JSON.stringify(e)}\n` : line(e));
      return 0;
    } finally {
      await store.close();
    }
  },
};

SUB.tail = {
  summary: 'show the newest decisions; --follow keeps printing new ones',
  usage: `Usage: agentwall audit tail [-n N] [--follow] [--json]

Options:
  -n, --lines <n>         how many recent events to show first (default 10)
  -f, --follow            keep printing events as they are appended (Ctrl-C to stop)
      --interval <ms>     how often to look for new events with --follow (default 500)
      --json              one JSON object per line
${STORE_HELP}`,
  async run(argv, io) {
    const { values } = parse(argv, {
      ...STORE_OPTIONS,
      lines: { type: 'string', short: 'n' },
      follow: { type: 'boolean', short: 'f' },
      interval: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, this.usage);
    const n = values.lines === undefined ? 10 : Number(values.lines);
    const interval = values.interval === undefined ? 500 : Number(values.interval);
    if (!Number.isInteger(n) || n < 0 || n > 10_000)
      throw new UsageError('--lines must be an integer from 0 to 10000');
    if (!Number.isInteger(interval) || interval < 50 || interval > 60_000)
      throw new UsageError('--interval must be 50..60000 ms');
    const store = openExisting(values);
    const print = (e: StoredAuditEvent) => io.stdout.write(values.json ? `${JSON.stringify(e)}\n` : line(e));
    try {
      const head = (await store.head()).count;
      let last = Math.max(0, head - n);
      for (;;) {
        const batch = await store.tail(last, 1000);
        for (const e of batch) print(e);
        if (batch.length > 0) last = batch[batch.length - 1]!.seq;
        if (batch.length === 1000) continue;
        if (!values.follow) return 0;
        await new Promise((r) => setTimeout(r, interval));
      }
    } finally {
      await store.close();
    }
  },
};

SUB.verify = {
  summary: 'check hashes and checkpoint signatures; exit 1 with the position if the log was altered',
  usage: `Usage: agentwall audit verify [--db PATH] [--keys DIR] [--json]

Recomputes every event's hash and link, checks every checkpoint's Ed25519 signature against the
public keys in the key directory, and checks that no signed checkpoint counts more events than
remain. Exit 0: intact. Exit 1: altered, deleted, inserted, reordered or truncated — the first
bad position and what is wrong are printed. Exit 2: usage or unreadable input.

Options:
      --json              print the full report as JSON
${STORE_HELP}`,
  run: (argv, io) => verifyRun(argv, io, SUB.verify!.usage),
};

SUB.export = {
  summary: 'stream events as JSON lines or CSV',
  usage: `Usage: agentwall audit export [--format jsonl|csv] [--out FILE] [filters]

JSON lines carry the chain fields, so an export can be checked against the log. CSV cells that a
spreadsheet would evaluate (= + - @) are prefixed with an apostrophe.

Options:
      --format <jsonl|csv>  default jsonl
  -o, --out <file>          write to a file instead of stdout
${FILTER_HELP}
${STORE_HELP}`,
  run: (argv, io) => exportRun(argv, io, SUB.export!.usage),
};

SUB.keygen = {
  summary: 'create an Ed25519 checkpoint signing key (rotation: run again)',
  usage: `Usage: agentwall audit keygen [--keys DIR] [--no-activate]

Writes <id>.key.pem (private, mode 0600) and <id>.pub.pem to the key directory and makes the new
key the one that signs checkpoints. Old keys stay: their public halves keep verifying older
checkpoints. Copy the .pub.pem files to every place that runs \`agentwall audit verify\`.

Options:
      --no-activate       add the key without switching to it
${STORE_HELP}`,
  run: (argv, io) => keygenRun(argv, io, SUB.keygen!.usage),
};

SUB.prune = {
  summary: 'remove events older than a time, leaving a signed checkpoint that anchors the rest',
  usage: `Usage: agentwall audit prune (--before TIME | --older-than-days N)

Verifies the whole log first and refuses to prune one that does not verify. Needs the signing key.

Options:
      --before <time>           remove events before this RFC 3339 time
      --older-than-days <n>     remove events older than n days
${STORE_HELP}`,
  run: (argv, io) => pruneRun(argv, io, SUB.prune!.usage),
};

function help(io: CliIO, usage: string): number {
  io.stdout.write(`${usage}\n`);
  return 0;
}

const names = Object.keys(SUB);
const width = Math.max(...names.map((n) => n.length));

export const auditCommand: Command = {
  name: 'audit',
  summary: 'query, tail, verify, export and prune the decision log',
  usage: `Usage: agentwall audit <subcommand> [options]

Subcommands:
${names.map((n) => `  ${n.padEnd(width)}  ${SUB[n]!.summary}`).join('\n')}

Run \`agentwall audit <subcommand> --help\` for its options.`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout.write(`${this.usage}\n`);
      return sub === undefined ? 2 : 0;
    }
    const s = SUB[sub];
    if (!s || !Object.hasOwn(SUB, sub)) throw new UsageError(`unknown subcommand "${sub.slice(0, 64)}"`);
    return s.run(rest, io);
  },
};
