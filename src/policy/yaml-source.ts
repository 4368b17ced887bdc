import { isNode, LineCounter, parseDocument } from 'yaml';
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
  return {
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
}

function decodeSegment(s: string): string | number {
  const unescaped = s.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(unescaped) ? Number(unescaped) : unescaped;
}
