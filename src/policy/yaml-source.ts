import { Worker } from 'node:worker_threads';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { AgentwallError } from '../errors.js';

/** A parsed YAML file that can say on which line a value stands, for error messages. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the value at `path` (ajv instancePath or segments), or of the nearest parent. */
  lineOf(path: string | readonly (string | number)[]): number;
}

const MAX_YAML_BYTES = 8 * 1024 * 1024;

export function parseYamlSource(file: string, text: string): YamlSource {
  return parseWithDoc(file, text).source;
}

/** Parses and also returns the document and line counter (the worker builds a line table from them). */
export function parseWithDoc(
  file: string,
  text: string,
): { source: YamlSource; doc: Document; lineCounter: LineCounter } {
  if (text.length > MAX_YAML_BYTES) {
    throw new AgentwallError('policy_invalid', { detail: `${file}: larger than ${MAX_YAML_BYTES} bytes` });
  }
  const lineCounter = new LineCounter();
  // Aliases are capped: a "billion laughs" document must not expand without bound.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? 0;
    throw new AgentwallError('policy_invalid', {
      detail: `${file}:${line}: ${first.message.split('\n')[0]}`,
      errors: [{ path: `${file}:${line}`, message: first.message.split('\n')[0] ?? 'syntax error' }],
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new AgentwallError('policy_invalid', { detail: `${file}: ${(err as Error).message}` });
  }
  const source: YamlSource = {
    file,
    value,
    lineOf(path) {
      const segments =
        typeof path === 'string' ? path.split('/').filter(Boolean).map(decodeSegment) : [...path];
      for (let n = segments.length; n >= 0; n--) {
        const node = doc.getIn(segments.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return 1;
    },
  };
  return { source, doc, lineCounter };
}

function decodeSegment(s: string): string | number {
  const unescaped = s.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(unescaped) ? Number(unescaped) : unescaped;
}

/** Line of every node by JSON-pointer path, so a parse done elsewhere can still answer `lineOf`. */
export function lineTable(doc: Document, lc: LineCounter): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (node: unknown, path: string) => {
    if (isNode(node) && node.range) out.set(path, lc.linePos(node.range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value ?? pair.key, `${path}/${key}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item as Node, `${path}/${i}`);
      });
    }
  };
  walk(doc.contents, '');
  return out;
}

/** A YamlSource over a value and line table parsed in another thread. */
export function sourceFromTable(
  file: string,
  value: unknown,
  lines: ReadonlyMap<string, number>,
): YamlSource {
  return {
    file,
    value,
    lineOf(path) {
      const segments =
        typeof path === 'string' ? path.split('/').filter(Boolean).map(decodeSegment) : [...path];
      for (let n = segments.length; n >= 0; n--) {
        const line = lines.get(
          segments
            .slice(0, n)
            .map((s) => `/${s}`)
            .join(''),
        );
        if (line !== undefined) return line;
      }
      return 1;
    },
  };
}

/** Above this size the parse runs in a worker thread, so a big reload does not stall requests. */
export const WORKER_PARSE_BYTES = 256 * 1024;

type WorkerReply =
  | { ok: true; value: unknown; lines: Map<string, number> }
  | { ok: false; detail: string; errors?: { path: string; message: string }[] };

/**
 * parseYamlSource off the event loop for large files (the `yaml` parser needs seconds for a
 * 10,000-rule file). Where a worker cannot start (e.g. a test runner without the TypeScript
 * loader in workers) it parses inline: same result, only slower to other requests.
 */
export async function parseYamlSourceAsync(file: string, text: string): Promise<YamlSource> {
  if (text.length < WORKER_PARSE_BYTES) return parseYamlSource(file, text);
  let reply: WorkerReply | null = null;
  try {
    reply = await new Promise<WorkerReply>((resolve, reject) => {
      const w = new Worker(new URL('./yaml-worker.js', import.meta.url), { workerData: { file, text } });
      w.once('message', (m: WorkerReply) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`yaml worker exited with ${code}`)));
    });
  } catch {
    return parseYamlSource(file, text);
  }
  if (!reply.ok)
    throw new AgentwallError('policy_invalid', {
      detail: reply.detail,
      ...(reply.errors ? { errors: reply.errors } : {}),
    });
  return sourceFromTable(file, reply.value, reply.lines);
}
